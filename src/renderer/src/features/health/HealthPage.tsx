import { useEffect, useMemo, useRef, useState } from 'react';
import type { ProbeClass, ProbeResult, ProbeTarget } from '../../../../shared/domain/probes';
import { Button } from '../../components/ui/Button';
import { Badge, EmptyState, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { relativeTime } from '../../lib/format';
import { useBackend, useResource } from '../../lib/hooks';
import { useToast } from '../../lib/toasts';
import { formatTokens, Latency, ProbeClassBadge } from './ProbeBadges';

const KIND_LABEL: Record<ProbeTarget['kind'], string> = { provider: 'provider', slot: 'slot', endpoint: 'endpoint' };

function newRunId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `run-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function hostOf(url: string | null): string {
  if (!url) return '–';
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname.replace(/\/$/, '')}`;
  } catch {
    return url;
  }
}

/** Provider and slot health: reachability → authentication → model → context window, streamed as results land. */
export function HealthPage() {
  const client = useBackend();
  const toast = useToast();
  const targets = useResource('probe.targets', {}, { refreshOn: ['keys.changed', 'config.changed', 'home.changed'] });
  const history = useResource('probe.history');
  const [results, setResults] = useState<Record<string, ProbeResult>>({});
  const [running, setRunning] = useState<Set<string>>(new Set());
  const [runId, setRunId] = useState<string | null>(null);
  const [completion, setCompletion] = useState(false);
  const [lastRun, setLastRun] = useState<{ totalMs: number; cancelled: boolean } | null>(null);
  const runRef = useRef<string | null>(null);

  const historyData = history.data;
  useEffect(() => {
    if (historyData) setResults((prev) => ({ ...Object.fromEntries(historyData.results.map((r) => [r.targetId, r])), ...prev }));
  }, [historyData]);

  useEffect(
    () =>
      client.on('probe.result', ({ runId: id, result }) => {
        if (id !== runRef.current) return;
        setResults((prev) => ({ ...prev, [result.targetId]: result }));
        setRunning((prev) => {
          const next = new Set(prev);
          next.delete(result.targetId);
          return next;
        });
      }),
    [client],
  );

  const run = async (ids?: string[]) => {
    const all = targets.data?.targets ?? [];
    const id = newRunId();
    runRef.current = id;
    setRunId(id);
    setLastRun(null);
    setRunning(new Set(ids ?? all.map((t) => t.id)));
    const r = await client.call('probe.run', { runId: id, ...(ids && { targets: ids }), ...(completion && { completion: true }) });
    if (runRef.current === id) {
      runRef.current = null;
      setRunId(null);
      setRunning(new Set());
    }
    if (!r.ok) {
      toast.show({ kind: 'error', title: 'Probe failed', body: r.error.message });
      return;
    }
    // Events may arrive after the answer (or not at all over a dropped stream): the answer is complete.
    setResults((prev) => ({ ...prev, ...Object.fromEntries(r.data.results.map((x) => [x.targetId, x])) }));
    setLastRun({ totalMs: r.data.totalMs, cancelled: r.data.cancelled });
  };

  const cancel = async () => {
    if (runId) await client.call('probe.cancel', { runId });
  };

  const list = useMemo(() => targets.data?.targets ?? [], [targets.data]);
  const summary = useMemo(() => {
    const counts = new Map<ProbeClass, number>();
    for (const t of list) {
      const r = results[t.id];
      if (r) counts.set(r.class, (counts.get(r.class) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1]);
  }, [list, results]);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Health</h1>
          <div className="subtitle">Each provider and slot is probed with its saved key: reachable → key accepted → model listed → context window big enough.</div>
        </div>
        <div className="actions">
          <label className="small" title="Sends a one-token request per slot and endpoint with a model; costs a few tokens">
            <input type="checkbox" checked={completion} onChange={(e) => setCompletion(e.target.checked)} data-testid="probe-completion" /> also a tiny completion
          </label>
          {runId !== null ? (
            <Button variant="danger" onClick={() => void cancel()} data-testid="probe-cancel">
              Cancel
            </Button>
          ) : (
            <Button variant="primary" onClick={() => void run()} disabled={list.length === 0} data-testid="probe-run-all">
              Run all
            </Button>
          )}
        </div>
      </div>
      {targets.error && <ErrorNotice error={targets.error} title="Could not list what to probe" />}
      {!targets.data && !targets.error && <Loading />}
      {targets.data && list.length === 0 && (
        <section className="card">
          <EmptyState title="Nothing to probe yet">Add a provider key on the Keys page or a custom endpoint; every provider that is set up (or used by a model slot) appears here.</EmptyState>
        </section>
      )}
      {list.length > 0 && (
        <section className="card">
          <div className="card-header">
            <h2>{list.length} targets</h2>
            <div className="badge-row" data-testid="probe-summary">
              {summary.map(([cls, n]) => (
                <span key={cls} className="small">
                  <ProbeClassBadge cls={cls} /> {n}
                </span>
              ))}
            </div>
            <span className="hint" aria-live="polite">
              {runId !== null ? `running… ${running.size} left` : lastRun ? `last run ${lastRun.cancelled ? 'cancelled' : 'finished'} in ${(lastRun.totalMs / 1000).toFixed(1)} s` : ''}
            </span>
          </div>
          <div className="table-scroll">
            <table className="data-table health-table">
              <thead>
                <tr>
                  <th scope="col">Target</th>
                  <th scope="col">Endpoint</th>
                  <th scope="col">Key</th>
                  <th scope="col">Result</th>
                  <th scope="col">TTFB / total</th>
                  <th scope="col">Model · context</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((t) => (
                  <TargetRow key={t.id} target={t} result={results[t.id]} running={running.has(t.id)} onRun={() => void run([t.id])} disabled={runId !== null} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

function TargetRow({ target, result, running, onRun, disabled }: { target: ProbeTarget; result: ProbeResult | undefined; running: boolean; onRun: () => void; disabled: boolean }) {
  return (
    <>
      <tr data-testid={`probe-row-${target.id}`} data-state={running ? 'running' : (result?.class ?? 'idle')}>
        <td>
          <div className="target-label">
            {target.label} <Badge>{KIND_LABEL[target.kind]}</Badge>
          </div>
          <div className="mono small faint">{target.providerId}</div>
        </td>
        <td className="mono small endpoint-cell">{hostOf(result?.url ?? target.baseUrl)}</td>
        <td className="small">{target.keySource ? <span title={target.keySource.location}>{target.keySource.location.split(' ')[0]} {target.keySource.last4 ? `••••${target.keySource.last4}` : ''}{target.keySource.viaExec ? ' (exec)' : ''}</span> : <span className="faint">none</span>}</td>
        <td>
          {running ? (
            <span className="loading-inline" role="status">
              <span className="spinner" aria-hidden="true" /> probing…
            </span>
          ) : result ? (
            <span className="result-cell">
              <ProbeClassBadge cls={result.class} title={result.detail} />
              {result.retryable && result.class !== 'ok' && <span className="small muted" title="Retrying may help"> ↻ retryable</span>}
            </span>
          ) : (
            <span className="faint small">not run</span>
          )}
        </td>
        <td>{result && !running ? <Latency result={result} /> : <span className="faint">–</span>}</td>
        <td className="small model-cell">
          {result && !running ? (
            <>
              {result.model ? (
                <span className={result.modelFound === false ? 'warn-text' : undefined}>
                  {result.model}
                  {result.modelFound === true ? ' ✓' : result.modelFound === false ? ' ✗' : ''}
                </span>
              ) : result.modelCount !== null ? (
                <span className="muted">{result.modelCount} models</span>
              ) : null}
              {result.contextWindow !== null && (
                <span className={result.contextOk === false ? 'warn-text' : 'muted'} title={`context window (${result.contextSource})`}>
                  {' '}
                  · {formatTokens(result.contextWindow)}
                  {result.contextOk === false ? ' < 64K' : ''}
                </span>
              )}
            </>
          ) : (
            <span className="faint">–</span>
          )}
        </td>
        <td className="row-actions">
          <Button size="sm" onClick={onRun} disabled={disabled || !target.probeable} title={target.probeable ? 'Probe this one' : target.skipReason} data-testid={`probe-run-${target.id}`}>
            Run
          </Button>
        </td>
      </tr>
      {result && !running && (
        <tr className="hint-row" data-testid={`probe-hint-${target.id}`}>
          <td colSpan={7}>
            <span className={result.class === 'ok' ? 'muted small' : 'small'}>{result.hint}</span>
            <span className="faint small"> — {result.detail}{result.completion ? ` · completion: ${result.completion.class}` : ''} · {relativeTime(result.finishedAt)}</span>
          </td>
        </tr>
      )}
    </>
  );
}
