import { useState } from 'react';
import type { DriftWarning, EffectiveSlot } from '../../../../shared/domain/effective';
import { Button } from '../../components/ui/Button';
import { Badge, Banner, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { useBackend, useResource } from '../../lib/hooks';
import { useToast } from '../../lib/toasts';
import { formatTokens, Latency, ProbeClassBadge } from '../health/ProbeBadges';
import { EffectiveBadge } from '../keys/SourceBadges';

const SOURCE_NOTE: Record<string, string> = {
  config: 'from config.yaml',
  endpoint: "from the endpoint's entry",
  env: 'from the environment',
  default: "the provider's default",
  none: '',
  auto: 'auto-detected',
  main: 'as the main model',
  'provider-default': "the provider's default side-task model",
  live: 'reported by the endpoint',
  catalog: 'from the model catalog',
  family: "Hermes's family estimate",
};

function WarningLine({ w }: { w: DriftWarning }) {
  return (
    <li className={`drift drift-${w.severity}`} data-testid="drift-warning" data-code={w.code}>
      <strong>{w.severity === 'danger' ? '✖' : w.severity === 'warn' ? '⚠' : 'ℹ'}</strong> {w.message}
      {w.fix && <span className="muted"> {w.fix}</span>}
    </li>
  );
}

/** What Hermes would actually use for each slot, where its key comes from, and drift warnings. */
export function InspectorPage() {
  const data = useResource('inspector.get', {}, { refreshOn: ['config.changed', 'keys.changed', 'home.changed'] });
  const client = useBackend();
  const toast = useToast();
  const [probing, setProbing] = useState(false);
  const [showInherited, setShowInherited] = useState(false);

  const slots = data.data?.slots ?? [];
  const own = slots.filter((s) => !s.inherited || s.warnings.length > 0);
  const inherited = slots.filter((s) => s.inherited && s.warnings.length === 0);
  const counts = { danger: 0, warn: 0, info: 0 };
  for (const w of [...(data.data?.warnings ?? []), ...slots.flatMap((s) => s.warnings)]) counts[w.severity] += 1;

  const probeSlots = async () => {
    setProbing(true);
    const ids = own.filter((s) => !s.inherited).map((s) => `slot:${s.id}`);
    const targets = await client.call('probe.targets', {});
    const known = new Set(targets.ok ? targets.data.targets.map((t) => t.id) : []);
    const r = await client.call('probe.run', { targets: ids.filter((id) => known.has(id)) });
    setProbing(false);
    if (!r.ok) toast.show({ kind: 'error', title: 'Probe failed', body: r.error.message });
    await data.reload();
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Effective config</h1>
          <div className="subtitle">For the main model, every side task and every fallback: the provider, URL, model, API mode, context window and key Hermes would actually use.</div>
        </div>
        <div className="actions">
          <Button onClick={() => void probeSlots()} busy={probing} disabled={own.length === 0} data-testid="inspector-probe">
            Probe these slots
          </Button>
        </div>
      </div>
      {data.error && <ErrorNotice error={data.error} title="Could not resolve the configuration" />}
      {!data.data && !data.error && <Loading />}
      {data.data && (
        <>
          {data.data.warnings.length > 0 ? (
            <Banner tone="warn" title="Keys that disagree between places" testId="global-warnings">
              <ul className="drift-list">
                {data.data.warnings.map((w) => (
                  <WarningLine key={w.message} w={w} />
                ))}
              </ul>
            </Banner>
          ) : null}
          <div className="small muted" data-testid="drift-summary">
            {counts.danger + counts.warn + counts.info === 0 ? 'No drift found.' : `${counts.danger} problem${counts.danger === 1 ? '' : 's'}, ${counts.warn} warning${counts.warn === 1 ? '' : 's'}, ${counts.info} note${counts.info === 1 ? '' : 's'}.`}
          </div>
          {own.map((s) => (
            <SlotCard key={s.id} slot={s} />
          ))}
          {inherited.length > 0 && (
            <section className="card">
              <div className="card-header">
                <h2>{inherited.length} side tasks use the main model</h2>
                <span className="hint">provider auto, no model of their own</span>
                <div className="actions">
                  <Button size="sm" variant="ghost" onClick={() => setShowInherited((v) => !v)} aria-expanded={showInherited}>
                    {showInherited ? 'Hide' : 'Show'}
                  </Button>
                </div>
              </div>
              <div className="card-body small">
                {showInherited ? (
                  <ul className="inherited-list">
                    {inherited.map((s) => (
                      <li key={s.id}>
                        <strong>{s.label}</strong> <span className="mono faint">{s.id.replace('aux:', 'auxiliary.')}</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">{inherited.map((s) => s.label).join(', ')}</span>
                )}
              </div>
            </section>
          )}
        </>
      )}
    </>
  );
}

function SlotCard({ slot }: { slot: EffectiveSlot }) {
  const worst = slot.warnings.some((w) => w.severity === 'danger') ? 'danger' : slot.warnings.some((w) => w.severity === 'warn') ? 'warn' : null;
  return (
    <section className={`card slot-card${worst ? ` slot-${worst}` : ''}`} data-testid={`slot-${slot.id}`}>
      <div className="card-header">
        <h2>{slot.label}</h2>
        <span className="mono small faint">{slot.id === 'main' ? 'model' : slot.id.replace('aux:', 'auxiliary.').replace(/^fallback:(\d+)$/, (_m, n: string) => `fallback #${Number(n) + 1}`)}</span>
        {slot.inherited && <Badge>uses the main model</Badge>}
        {slot.lastProbe && (
          <span className="slot-probe">
            <ProbeClassBadge cls={slot.lastProbe.class} title={`${slot.lastProbe.hint} — ${slot.lastProbe.detail}`} /> <Latency result={slot.lastProbe} />
          </span>
        )}
      </div>
      <dl className="kv slot-kv">
        <dt>Provider</dt>
        <dd data-testid="slot-provider">
          {slot.provider === null ? <span className="danger-text">none</span> : <code>{slot.provider}</code>} <span className="muted">{slot.providerLabel !== slot.provider ? slot.providerLabel : ''}</span>{' '}
          <span className="small faint">{SOURCE_NOTE[slot.providerSource]}</span>
        </dd>
        <dt>Base URL</dt>
        <dd>
          {slot.baseUrl ? <code>{slot.baseUrl}</code> : <span className="faint">–</span>} <span className="small faint">{slot.baseUrlEnv ? `from ${slot.baseUrlEnv}` : SOURCE_NOTE[slot.baseUrlSource]}</span>
        </dd>
        <dt>Model</dt>
        <dd>
          {slot.model ? <code>{slot.model}</code> : <span className="faint">none</span>} <span className="small faint">{SOURCE_NOTE[slot.modelSource]}</span>
        </dd>
        <dt>API mode</dt>
        <dd>
          <code>{slot.apiMode}</code> <span className="small faint">{slot.apiModeReason.replace('-', ' ')}</span>
        </dd>
        <dt>Context</dt>
        <dd>
          {slot.contextWindow === null ? <span className="faint">unknown</span> : <span>{formatTokens(slot.contextWindow)} tokens</span>} <span className="small faint">{SOURCE_NOTE[slot.contextSource]}</span>
        </dd>
        <dt>Key</dt>
        <dd data-testid="slot-key">
          <EffectiveBadge effective={slot.key} /> {slot.key && <span className="small faint">{slot.key.location}</span>}
          {slot.keyNote && <span className="small muted"> {slot.keyNote}</span>}
        </dd>
      </dl>
      {slot.warnings.length > 0 && (
        <ul className="drift-list slot-warnings">
          {slot.warnings.map((w) => (
            <WarningLine key={`${w.code}-${w.message}`} w={w} />
          ))}
        </ul>
      )}
    </section>
  );
}
