import { useMemo, useState } from 'react';
import type { ChainView } from '../../../../shared/contract/routing';
import { useConfig } from '../../app/config-context';
import { Button } from '../../components/ui/Button';
import { Banner, EmptyState, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { useResource } from '../../lib/hooks';
import { ConfigErrorView } from '../config/ConfigErrorView';
import { useModelCatalog } from '../models/use-model-catalog';
import { ChainEditor, type CatalogProps } from './ChainEditor';

/** What Hermes does when a model fails (reference §8.1, §8.3), in the panel's own words. */
function WhenHermesFallsBack() {
  return (
    <section className="card explainer" data-testid="fallback-explainer">
      <div className="card-header">
        <h2>When Hermes falls back</h2>
      </div>
      <div className="card-body explainer-grid">
        <div>
          <h3>After retries</h3>
          <p className="small">Rate limits (429) and server errors, timeouts and dropped connections: Hermes retries the same model first (up to <span className="mono">agent.api_max_retries</span>, 3 by default), then moves to the next entry.</p>
        </div>
        <div>
          <h3>At once</h3>
          <p className="small">A rejected or missing key, a model the provider does not know (404), content-policy and other errors that retrying cannot fix: Hermes moves to the next entry straight away.</p>
        </div>
        <div>
          <h3>In order, for this turn</h3>
          <p className="small">
            Entries are tried top to bottom; Hermes skips the main model itself and providers without credentials. The primary is restored at the start of the next turn (after a rate limit or billing error, after a 60 s cooldown).
          </p>
        </div>
        <div>
          <h3>Side tasks</h3>
          <p className="small">When a task pinned to a provider fails, Hermes tries the task’s own chain, then the main chain, then its automatic discovery.</p>
        </div>
      </div>
    </section>
  );
}

/** The Fallback page: the main model's chain and each side task's chain, each editable and testable. */
export function FallbackPage() {
  const config = useConfig();
  const state = config.state;
  const fallback = useResource('fallback.get', {}, { refreshOn: ['config.changed', 'home.changed', 'keys.changed'], skip: !state || state.readOnly });
  const { options, auxiliary, refresh } = useModelCatalog();
  const [added, setAdded] = useState<string[]>([]);
  const [choice, setChoice] = useState('');
  const catalog: CatalogProps = { options: options.data, optionsError: options.error, refresh, universe: auxiliary.data?.universe ?? [] };
  const data = fallback.data;

  const auxViews = useMemo<ChainView[]>(() => {
    if (!data) return [];
    const own = data.auxiliary;
    const extra = added
      .filter((task) => !own.some((v) => v.task === task))
      .map((task): ChainView => {
        const t = data.tasks.find((x) => x.key === task);
        return { task, label: t?.label ?? task, primary: { provider: t?.provider ?? 'auto', provider_label: t?.provider ?? 'auto', model: t?.model ?? '', base_url: '' }, entries: [], problems: [] };
      });
    return [...own, ...extra];
  }, [data, added]);
  const available = (data?.tasks ?? []).filter((t) => !auxViews.some((v) => v.task === t.key));

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Fallback</h1>
          <div className="subtitle">What Hermes switches to when a model fails — for the main model and for each side task. Changes apply to new Hermes sessions.</div>
        </div>
      </div>
      {config.error && <ErrorNotice error={config.error} title="Could not read config.yaml" />}
      {state && state.readOnly && <ConfigErrorView state={state} />}
      {fallback.error && <ErrorNotice error={fallback.error} title="Could not read the fallback chains" actions={<Button onClick={() => void fallback.reload()}>Try again</Button>} />}
      {state && !state.readOnly && !data && !fallback.error && <Loading />}
      {data && state && !state.readOnly && (
        <>
          <WhenHermesFallsBack />
          {data.main.legacy.present && (
            <Banner tone="warn" title="This config still has a legacy fallback_model" testId="legacy-banner">
              Hermes reads it after <span className="mono">fallback_providers</span>
              {data.main.legacy.duplicates > 0 ? ` (${data.main.legacy.duplicates} duplicate ${data.main.legacy.duplicates === 1 ? 'entry is' : 'entries are'} skipped)` : ''}; its {data.main.legacy.merged === 1 ? 'entry is' : `${data.main.legacy.merged} entries are`} marked
              “legacy” below. Saving the chain writes the whole chain to <span className="mono">fallback_providers</span> and removes <span className="mono">fallback_model</span>, as <span className="mono">hermes fallback</span> does.
            </Banner>
          )}
          <ChainEditor view={data.main} task={null} hash={data.hash} catalog={catalog} testId="main-chain" />
          <div className="section-heading">
            <h2>Side-task chains</h2>
            <span className="muted small">
              <span className="mono">auxiliary.&lt;task&gt;.fallback_chain</span>: tried when a task’s own provider fails.
            </span>
          </div>
          {auxViews.map((v) => (
            <ChainEditor key={v.task} view={v} task={v.task} hash={data.hash} catalog={catalog} testId={`aux-chain-${v.task}`} />
          ))}
          {auxViews.length === 0 && (
            <section className="card">
              <EmptyState title="No side task has a chain of its own">Tasks fall back to the main chain. Add a chain for a task that needs a specific backup (compression, vision, …).</EmptyState>
            </section>
          )}
          <div className="add-aux-chain">
            <label htmlFor="add-aux-chain-task" className="small">
              Add a chain for
            </label>
            <select id="add-aux-chain-task" className="input" value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="add-aux-chain-task">
              <option value="">choose a task…</option>
              {available.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.label} ({t.provider === 'main' ? 'uses the main model' : `${t.provider} · ${t.model || 'default'}`})
                </option>
              ))}
            </select>
            <Button
              disabled={choice === ''}
              onClick={() => {
                setAdded((a) => [...a, choice]);
                setChoice('');
              }}
              data-testid="add-aux-chain"
            >
              Add chain
            </Button>
          </div>
        </>
      )}
    </>
  );
}
