import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { UsageWindowRequest } from '../../../../shared/contract/usage';
import type { ModelCard, StateDbUnavailableDetail, UsageView } from '../../../../shared/domain/usage';
import type { AppErrorData } from '../../../../shared/errors';
import { useConfig } from '../../app/config-context';
import { Button } from '../../components/ui/Button';
import { Banner, EmptyState, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { exactTime, relativeTime } from '../../lib/format';
import { useResource } from '../../lib/hooks';
import { CostLabel } from './CostLabel';
import { DailyChart, type ChartMetric } from './DailyChart';
import { InfoTip, UNDER_REPORT_NOTE } from './InfoTip';
import { ModelUsageCard } from './ModelUsageCard';
import { PeriodPicker, type Selection } from './PeriodPicker';
import { NO_ROLES, rolesFor, type CardRoles } from './roles';
import { compactNumber, exactNumber, shortUtcDate } from './usage-format';
import './usage.css';

/** Re-query on window focus at most this often (the aggregate cache answers in milliseconds). */
const FOCUS_REFRESH_MS = 3000;

const REASON_TITLES: Record<StateDbUnavailableDetail['reason'], { title: string; tone: 'info' | 'warn' | 'danger' }> = {
  missing: { title: 'No usage data yet', tone: 'info' },
  locked: { title: 'Usage data is busy', tone: 'warn' },
  'old-schema': { title: 'Usage data needs a newer Hermes', tone: 'warn' },
  corrupt: { title: 'Usage data cannot be read: damaged database', tone: 'danger' },
  'not-a-database': { title: 'Usage data cannot be read: not a database', tone: 'danger' },
  unreadable: { title: 'Usage data cannot be read: no access', tone: 'danger' },
};

function stateDbDetail(error: AppErrorData): StateDbUnavailableDetail | null {
  if (error.code !== 'STATE_DB_UNAVAILABLE') return null;
  const d = error.detail as Partial<StateDbUnavailableDetail> | undefined;
  return d && typeof d.reason === 'string' && d.reason in REASON_TITLES ? { reason: d.reason, hint: d.hint ?? '' } : null;
}

function windowKey(w: UsageView['window']): string {
  return w.kind === 'days' ? `days:${w.days}` : `range:${w.from}-${w.to}`;
}

function periodLabel(view: UsageView): string {
  if (view.window.kind === 'days') return `Last ${view.window.days} days`;
  const last = (view.to ?? view.generatedAt) - 1;
  return `${shortUtcDate(view.from, true)} – ${shortUtcDate(last, true)} (UTC)`;
}

/**
 * Usage analytics for the Models page: Hermes's Models-page cards and more, from `<home>/state.db`.
 * Period 7 / 30 / 90 days or a custom range; totals with honest cost; a daily chart; cards ranked by
 * tokens with `main` / `aux · task` badges from the live config. Re-queries on period switch, Refresh
 * and window focus. A missing or broken state.db is a message here, never a broken page.
 *
 * `renderUseAs` renders each card's "Use as" control (provided by the model-settings feature);
 * `taskKeys` is every auxiliary task Switchboard lists (tasks missing from config.yaml are auto too).
 */
export function UsagePanel({ renderUseAs, taskKeys }: { renderUseAs?: (card: ModelCard, roles: CardRoles) => ReactNode; taskKeys?: readonly string[] | undefined }) {
  const config = useConfig();
  const [selection, setSelection] = useState<Selection>({ kind: 'days', days: 30 });
  const [metric, setMetric] = useState<ChartMetric>('tokens');
  const usageWindow: UsageWindowRequest =
    selection.kind === 'days' ? { kind: 'days', days: selection.days } : { kind: 'range', from: selection.from, to: selection.to };
  const res = useResource('usage.models', { window: usageWindow }, { refreshOn: ['home.changed'] });
  const { reload } = res;

  const lastFocus = useRef(0);
  useEffect(() => {
    const onFocus = () => {
      if (Date.now() - lastFocus.current < FOCUS_REFRESH_MS) return;
      lastFocus.current = Date.now();
      void reload();
    };
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [reload]);

  const view = res.error ? undefined : res.data?.view;
  const runtime = res.error ? undefined : res.data?.runtime;
  const dbError = res.error ? stateDbDetail(res.error) : null;
  const empty = view && view.cards.length === 0;
  const main = config.state && !config.state.readOnly ? config.state.main : undefined;
  const aux = config.state && !config.state.readOnly ? config.state.auxiliary : undefined;

  return (
    <section
      className="usage"
      data-testid="usage"
      aria-labelledby="usage-title"
      aria-busy={res.loading}
      data-loading={res.loading ? 'true' : 'false'}
      data-window={res.data ? windowKey(res.data.view.window) : ''}
    >
      <div className="usage-head">
        <div>
          <div className="usage-title">
            <h2 id="usage-title">Usage</h2>
            <InfoTip label="Why these numbers can be lower than your bill" testId="usage-honesty">
              {UNDER_REPORT_NOTE} Auxiliary calls (compression, vision, titles, …) are included here, per task.
            </InfoTip>
          </div>
          <div className="subtitle">Tokens, calls and cost per model from state.db, read-only. Days are UTC.</div>
        </div>
        <div className="usage-actions">
          <PeriodPicker value={selection} onChange={setSelection} />
          <Button onClick={() => void reload()} busy={res.loading && !!res.data} data-testid="usage-refresh" title="Read state.db again">
            Refresh
          </Button>
        </div>
      </div>

      {!res.data && !res.error && <Loading label="Reading state.db…" />}

      {res.error && dbError && (
        <div data-testid="usage-error" data-reason={dbError.reason}>
          <Banner
            tone={REASON_TITLES[dbError.reason].tone}
            title={REASON_TITLES[dbError.reason].title}
            actions={
              <Button size="sm" onClick={() => void reload()}>
                Try again
              </Button>
            }
          >
            <div>{dbError.hint}</div>
            <div className="faint mono usage-error-message">{res.error.message}</div>
          </Banner>
        </div>
      )}
      {res.error && !dbError && (
        <ErrorNotice
          error={res.error}
          title="Could not read usage"
          actions={
            <Button size="sm" onClick={() => void reload()}>
              Try again
            </Button>
          }
        />
      )}

      {view?.source.degraded && (
        <Banner tone="info" title="Some figures are not available in this state.db" testId="usage-degraded">
          {view.source.notes.map((n) => (
            <div key={n}>{n}</div>
          ))}
        </Banner>
      )}

      {view && (
        <div className={`usage-body${res.loading ? ' is-stale' : ''}`}>
          <section className="card usage-totals" data-testid="usage-totals" aria-label={`Totals, ${periodLabel(view)}`}>
            <Total label="Models used" value={String(view.totals.models)} testId="total-models" />
            <Total
              label="Sessions"
              value={String(view.totals.sessions)}
              testId="total-sessions"
              sub={view.totals.sessionsWithoutModel > 0 ? `+${view.totals.sessionsWithoutModel} without a model` : undefined}
            />
            <Total label="API calls" value={exactNumber(view.totals.apiCalls)} testId="total-api" sub="main + auxiliary" />
            <Total label="Tool calls" value={exactNumber(view.totals.toolCalls)} testId="total-tools" />
            <Total
              label="Tokens in + out"
              value={compactNumber(view.totals.tokens.total)}
              title={`${exactNumber(view.totals.tokens.total)} tokens`}
              testId="total-tokens"
              dataValue={view.totals.tokens.total}
              sub={`+${compactNumber(view.totals.tokens.cacheRead)} cache read`}
            />
            <div className="usage-total usage-total-cost">
              <div className="usage-total-label">
                Cost{' '}
                <InfoTip label="How cost is known" align="end">
                  Each figure carries its status: estimated (Hermes priced it from list prices), actual (the provider reported
                  it), included (a subscription route, no per-call cost) or unknown (no price; those tokens are left out of
                  every dollar figure). {UNDER_REPORT_NOTE}
                </InfoTip>
              </div>
              <CostLabel cost={view.totals.cost} testId="total-cost" extraTitle={UNDER_REPORT_NOTE} stacked />
            </div>
          </section>

          {empty ? (
            <section className="card" data-testid="usage-empty">
              <EmptyState
                title="No Hermes sessions in this period"
                action={
                  selection.kind === 'days' && selection.days === 90 ? undefined : (
                    <Button onClick={() => setSelection({ kind: 'days', days: 90 })}>Show the last 90 days</Button>
                  )
                }
              >
                {periodLabel(view)} has no sessions with a model in state.db.
                {view.totals.sessionsWithoutModel > 0 && ` (${view.totals.sessionsWithoutModel} sessions never recorded a model.)`}
              </EmptyState>
            </section>
          ) : (
            <>
              <section className="card usage-chart-card" data-testid="usage-chart">
                <div className="card-header">
                  <h2>Daily usage</h2>
                  <span className="hint">{periodLabel(view)}</span>
                  <div className="actions">
                    <div className="segmented segmented-sm" role="group" aria-label="Chart shows">
                      {(['tokens', 'sessions'] as const).map((m) => (
                        <button key={m} type="button" className={metric === m ? 'on' : ''} aria-pressed={metric === m} onClick={() => setMetric(m)} data-testid={`metric-${m}`}>
                          {m === 'tokens' ? 'Tokens' : 'Sessions'}
                        </button>
                      ))}
                    </div>
                  </div>
                </div>
                <div className="card-body">
                  <DailyChart daily={view.daily} metric={metric} />
                </div>
              </section>

              <div className="ucard-grid" data-testid="usage-cards">
                {view.cards.map((card) => {
                  const roles = config.state ? rolesFor(card, main, aux, taskKeys) : NO_ROLES;
                  return <ModelUsageCard key={card.model} card={card} roles={roles} useAs={renderUseAs?.(card, roles)} />;
                })}
              </div>
            </>
          )}

          {runtime && (
            <div className="usage-foot faint small" data-testid="usage-runtime" data-mode={runtime.mode}>
              Read from <span className="mono">{runtime.statePath}</span> · {runtime.cache === 'persistent' ? 'incremental cache' : 'in-memory cache'} ·{' '}
              {runtime.elapsedMs < 1 ? '<1' : Math.round(runtime.elapsedMs)} ms ·{' '}
              <span title={exactTime(view.generatedAt * 1000)}>updated {relativeTime(view.generatedAt * 1000)}</span>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function Total({ label, value, sub, title, testId, dataValue }: { label: string; value: string; sub?: string; title?: string; testId?: string; dataValue?: number }) {
  return (
    <div className="usage-total" title={title}>
      <div className="usage-total-label">{label}</div>
      <div className="usage-total-value" data-testid={testId} data-value={dataValue}>
        {value}
      </div>
      {sub && <div className="usage-total-sub faint">{sub}</div>}
    </div>
  );
}
