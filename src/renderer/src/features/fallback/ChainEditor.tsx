import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AuxTaskInfo, ModelOptions } from '../../../../shared/contract/models';
import type { ChainProblem, ChainView, FallbackWrite } from '../../../../shared/contract/routing';
import type { AppErrorData } from '../../../../shared/errors';
import { CHAIN_SKIP_CODES, chainVerdicts, type ChainVerdict } from '../../../../shared/routing/chain-verdict';
import { useConfig } from '../../app/config-context';
import { Button } from '../../components/ui/Button';
import { Badge, ErrorNotice } from '../../components/ui/Feedback';
import { ReorderHandle, useReorder } from '../../components/ui/Reorder';
import { useBackend } from '../../lib/hooks';
import { useUndo } from '../../lib/undo';
import { Latency, ProbeClassBadge } from '../health/ProbeBadges';
import { ModelPicker } from '../models/ModelPicker';
import type { PickerTarget } from '../models/model-format';
import { isEdited, move, newRowKey, problemsAt, rowLabel, rowsFromView, sameRows, toRequest, type DraftRow } from './chain-draft';
import { EntryDialog } from './EntryDialog';
import { useChainTest } from './use-chain-test';

export interface CatalogProps {
  options: ModelOptions | undefined;
  optionsError: AppErrorData | null;
  refresh: () => Promise<void>;
  universe: readonly AuxTaskInfo[];
}

const VERDICT_LABEL: Record<ChainVerdict, { text: string; tone: 'ok' | 'warn' | 'danger' | 'default' | 'accent' }> = {
  serves: { text: 'would serve now', tone: 'ok' },
  standby: { text: 'standby', tone: 'default' },
  ok: { text: 'ok', tone: 'default' },
  dead: { text: 'dead', tone: 'danger' },
  untested: { text: 'cannot be probed', tone: 'default' },
  skipped: { text: 'skipped by Hermes', tone: 'warn' },
  pending: { text: 'probing…', tone: 'default' },
  cancelled: { text: 'cancelled', tone: 'default' },
};

function blankRow(): DraftRow {
  return { key: newRowKey(), provider: '', model: '', base_url: '', key_env: '', api_mode: '', source: null };
}

/**
 * One fallback chain (the main model's, or an auxiliary task's) as an editable draft: add with the
 * model picker, edit, remove, reorder by drag or Alt+↑/↓, validate as you go, test every entry
 * against its provider, and save the whole chain in one backed-up write.
 */
export function ChainEditor({ view, task, hash, catalog, testId }: { view: ChainView; task: string | null; hash: string; catalog: CatalogProps; testId: string }) {
  const client = useBackend();
  const config = useConfig();
  const undo = useUndo();
  const saved = useMemo(() => rowsFromView(view), [view]);
  const [baseline, setBaseline] = useState<DraftRow[]>(saved);
  const [rows, setRows] = useState<DraftRow[]>(saved);
  const dirty = !sameRows(rows, baseline);
  const [check, setCheck] = useState<{ key: string; view: ChainView; migrates: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<AppErrorData | null>(null);
  const [editing, setEditing] = useState<{ index: number | null; row: DraftRow } | null>(null);
  const [picker, setPicker] = useState<{ title: string; current: { provider: string; model: string } | null; apply: (provider: string, model: string) => void } | null>(null);
  const test = useChainTest(task);
  const dirtyId = `fallback:${task ?? 'main'}`;

  // A new saved version (our write, a reload) replaces the draft unless the user has edits.
  const dirtyRef = useRef(dirty);
  useEffect(() => {
    dirtyRef.current = dirty;
  });
  useEffect(() => {
    if (dirtyRef.current) return;
    setBaseline(saved);
    setRows(saved);
  }, [saved]);

  const { setDirty } = config;
  useEffect(() => {
    setDirty(dirtyId, dirty);
    return () => setDirty(dirtyId, false);
  }, [setDirty, dirtyId, dirty]);

  // Validate the draft as it changes (the same checks the save runs).
  const requestKey = JSON.stringify(toRequest(rows));
  useEffect(() => {
    if (!dirty) {
      setCheck(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      void client.call('fallback.validate', { task, chain: JSON.parse(requestKey) }).then((r) => {
        if (live && r.ok) setCheck({ key: requestKey, view: r.data, migrates: r.data.migrates_legacy });
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [client, task, requestKey, dirty]);

  // Results belong to the chain they were run on.
  const { clear: clearTest, cancel: cancelTest, running: testRunning } = test;
  const testedKey = useRef<string | null>(null);
  useEffect(() => {
    if (testedKey.current !== null && testedKey.current !== requestKey) {
      if (testRunning) void cancelTest();
      clearTest();
      testedKey.current = null;
    }
  }, [requestKey, clearTest, cancelTest, testRunning]);

  const current: ChainView | null = !dirty ? view : check && check.key === requestKey ? check.view : null;
  const problems: ChainProblem[] = current?.problems ?? [];
  const blocking = problems.filter((p) => p.severity === 'error' && rows[p.index] !== undefined && isEdited(rows[p.index]!, baseline));

  const skips = rows.map((_, i) => problemsAt(problems, i).find((p) => CHAIN_SKIP_CODES.has(p.code))?.message ?? null);
  const showResults = test.running || test.final !== null;
  const verdicts = showResults
    ? test.final
      ? { verdicts: test.final.entries.map((e) => e.verdict), serving: test.final.serving }
      : chainVerdicts(rows.map((_, i) => ({ skip: skips[i] ?? null, result: test.results[`chain:${i}`] ?? null })))
    : null;

  const { setListElement, handleProps, rowProps, liveRegion } = useReorder({
    count: rows.length,
    onMove: (from, to) => setRows((r) => move(r, from, to)),
    describe: (i) => (rows[i] ? rowLabel(rows[i]) : 'entry'),
    disabled: saving,
  });

  const target: PickerTarget = useMemo(() => {
    const info = task === null ? undefined : catalog.universe.find((t) => t.key === task);
    return info ? { kind: 'aux', task: info } : { kind: 'main' };
  }, [task, catalog.universe]);

  const checkRow = useCallback(
    async (index: number | null, row: DraftRow): Promise<ChainProblem[]> => {
      const list = index === null ? [...rows, row] : rows.map((r, i) => (i === index ? row : r));
      const at = index === null ? list.length - 1 : index;
      const r = await client.call('fallback.validate', { task, chain: toRequest(list) });
      return r.ok ? problemsAt(r.data.problems, at) : [];
    },
    [client, rows, task],
  );

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    const r = await client.call('fallback.set', { task, chain: toRequest(rows), baseHash: hash });
    setSaving(false);
    if (!r.ok) {
      setSaveError(r.error);
      return;
    }
    const data: FallbackWrite = r.data;
    const next = rowsFromView(data.chain);
    setBaseline(next);
    setRows(next);
    await config.reload();
    const rewrote = data.rewritten.length > 0 ? ` Written as Hermes expects: ${data.rewritten.map((w) => `${w.from} → ${w.to}`).join(', ')}.` : '';
    undo.notify({
      kind: data.changed ? 'ok' : 'info',
      title: data.changed ? (task === null ? 'Fallback chain saved' : `${view.label} chain saved`) : 'Nothing changed',
      body: `${data.migrated_legacy ? 'fallback_model was moved into fallback_providers. ' : ''}${data.summary}.${rewrote}`,
      backupId: data.changed ? data.backupId : null,
    });
  };

  const discard = () => {
    setRows(baseline);
    setSaveError(null);
  };

  const reload = async () => {
    setSaveError(null);
    dirtyRef.current = false;
    setRows(saved);
    setBaseline(saved);
    await config.reload();
  };

  const runTest = () => {
    testedKey.current = requestKey;
    void test.run(dirty ? toRequest(rows) : undefined);
  };

  const primary = view.primary;
  const servingRow = verdicts?.serving ?? null;

  return (
    <section className="card chain-card" data-testid={testId}>
      <div className="card-header">
        <h2>{task === null ? 'Main model chain' : view.label}</h2>
        <span className="hint">{task === null ? 'fallback_providers' : `auxiliary.${task}.fallback_chain`}</span>
        <div className="actions">
          {test.running ? (
            <Button variant="danger" size="sm" onClick={() => void test.cancel()} data-testid={`${testId}-cancel-test`}>
              Cancel test
            </Button>
          ) : (
            <Button size="sm" onClick={runTest} disabled={rows.length === 0 || saving} title={rows.length === 0 ? 'Add an entry first' : 'Probe every entry with its saved key'} data-testid={`${testId}-test`}>
              Test chain
            </Button>
          )}
        </div>
      </div>
      <div className="chain-primary">
        <span className="chain-pos" aria-hidden="true">
          ★
        </span>
        <div className="chain-main">
          <div>
            <strong>{task === null ? 'Primary' : 'Task model'}</strong>{' '}
            <span className="mono" data-testid={`${testId}-primary`}>
              {primary.provider} · {primary.model || '(provider default)'}
            </span>{' '}
            {primary.provider_label !== primary.provider && <span className="muted small">{primary.provider_label}</span>}
          </div>
          <div className="faint small">Tried first. The entries below are tried in order when it fails.</div>
        </div>
      </div>
      <ol className="chain-list" ref={setListElement} aria-label={task === null ? 'Fallback chain' : `${view.label} fallback chain`}>
        {rows.map((row, i) => {
          const entryView = current?.entries[i];
          const rowProblems = problemsAt(problems, i);
          const result = test.results[`chain:${i}`];
          const verdict = verdicts?.verdicts[i];
          const final = test.final?.entries[i];
          return (
            <li key={row.key} className={`chain-row${verdict === 'serves' ? ' serving' : ''}`} data-testid="chain-entry" data-position={i} data-verdict={verdict ?? undefined} {...rowProps(i)}>
              <ReorderHandle {...handleProps(i)} testId="chain-handle" />
              <span className="chain-pos">{i + 1}</span>
              <div className="chain-main">
                <div className="chain-title">
                  <span className="mono" data-testid="chain-entry-label">
                    {rowLabel(row)}
                  </span>
                  {entryView && entryView.effective.provider_label !== row.provider && <span className="muted small">{entryView.effective.provider_label}</span>}
                  {row.source?.origin === 'fallback_model' && (
                    <Badge tone="warn" title="From the legacy fallback_model; saving moves it into fallback_providers">
                      legacy
                    </Badge>
                  )}
                  {isEdited(row, baseline) && dirty && <Badge tone="accent">{row.source === null ? 'new' : 'edited'}</Badge>}
                </div>
                <div className="chain-meta small muted">
                  {entryView ? (
                    <>
                      <span className="mono">{entryView.effective.api_mode}</span>
                      {entryView.effective.base_url && <span className="mono"> · {entryView.effective.base_url}</span>}
                      <span>
                        {' · '}
                        {entryView.effective.key ? (
                          <span title={`Key from ${entryView.effective.key.location}`} data-testid="chain-entry-key">
                            <span className="mono">{entryView.effective.key.name ?? 'inline key'}</span>
                            {entryView.effective.key.last4 ? ` ••••${entryView.effective.key.last4}` : ''} ({entryView.effective.key.location})
                            {entryView.effective.key.usable ? '' : ' — a placeholder, Hermes ignores it'}
                          </span>
                        ) : (
                          <span>{entryView.effective.key_note ?? 'no key'}</span>
                        )}
                      </span>
                      {entryView.has_api_key && <span> · inline key kept</span>}
                      {entryView.other_keys.length > 0 && <span> · also {entryView.other_keys.join(', ')} (kept)</span>}
                    </>
                  ) : (
                    <span className="faint">checking…</span>
                  )}
                </div>
                {rowProblems.length > 0 && (
                  <ul className="chain-problems" data-testid="chain-problems">
                    {rowProblems.map((p) => (
                      <li key={p.code + p.message} className={`field-problem ${p.severity}`} data-code={p.code}>
                        <span>{p.message}</span>
                        {p.suggestion && p.code === 'alias_provider' && (
                          <Button size="sm" onClick={() => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, provider: p.suggestion! } : r)))} data-testid="chain-use-suggestion">
                            Use “{p.suggestion}”
                          </Button>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
                {showResults && (
                  <div className="chain-result" data-testid="chain-result">
                    {verdict && (
                      <span data-testid="chain-verdict" data-verdict={verdict}>
                        <Badge tone={VERDICT_LABEL[verdict].tone}>{VERDICT_LABEL[verdict].text}</Badge>
                      </span>
                    )}
                    {result && <ProbeClassBadge cls={result.class} title={result.detail} />}
                    {result && <Latency result={result} />}
                    {verdict === 'dead' && result && <span className="small">{result.hint}</span>}
                    {verdict === 'skipped' && <span className="small muted">{final?.reason ?? skips[i]}</span>}
                    {verdict === 'untested' && result && <span className="small muted">{result.hint}</span>}
                  </div>
                )}
              </div>
              <div className="chain-actions">
                <Button size="sm" variant="ghost" onClick={() => setEditing({ index: i, row })} aria-label={`Edit ${rowLabel(row)}`} data-testid="chain-edit">
                  Edit
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))} aria-label={`Remove ${rowLabel(row)}`} data-testid="chain-remove">
                  Remove
                </Button>
              </div>
            </li>
          );
        })}
      </ol>
      {rows.length === 0 && (
        <div className="chain-empty" data-testid={`${testId}-empty`}>
          {task === null ? 'No fallback: when the main model fails, the turn fails.' : 'No chain of its own: when this task’s provider fails, Hermes uses the main chain, then its automatic discovery.'}
        </div>
      )}
      {liveRegion}
      {showResults && (
        <div className="chain-summary" role="status" data-testid={`${testId}-summary`}>
          {test.running
            ? `Probing ${rows.length} ${rows.length === 1 ? 'entry' : 'entries'}…`
            : servingRow !== null
              ? `If ${task === null ? 'the main model' : 'the task’s model'} failed now, Hermes would switch to entry ${servingRow + 1} (${rowLabel(rows[servingRow] ?? { provider: '', model: '' })}).`
              : test.final?.cancelled
                ? 'Test cancelled.'
                : 'No entry would serve right now: every entry is dead or skipped.'}
          {test.final && <span className="faint"> · {(test.final.totalMs / 1000).toFixed(1)} s</span>}
        </div>
      )}
      {test.error && <ErrorNotice error={test.error} title="The chain test failed" />}
      {saveError && (
        <ErrorNotice
          error={saveError}
          title={saveError.code === 'CONFIG_CONFLICT' ? 'config.yaml changed outside Switchboard' : 'The chain was not saved'}
          actions={
            saveError.code === 'CONFIG_CONFLICT' ? (
              <Button onClick={() => void reload()} data-testid={`${testId}-reload`}>
                Reload
              </Button>
            ) : undefined
          }
        />
      )}
      <div className="chain-footer">
        <Button onClick={() => setPicker({ title: task === null ? 'Add a fallback model' : `Add a fallback for ${view.label}`, current: null, apply: (provider: string, model: string) => setRows((rs) => [...rs, { ...blankRow(), provider, model }]) })} disabled={saving} data-testid={`${testId}-add`}>
          Add with picker…
        </Button>
        <Button variant="ghost" onClick={() => setEditing({ index: null, row: { ...blankRow(), provider: 'custom' } })} disabled={saving} data-testid={`${testId}-add-custom`}>
          Add custom endpoint…
        </Button>
        <span className="faint small chain-keys">
          Drag <span aria-hidden="true">⋮⋮</span> or press <span className="kbd">Alt</span>+<span className="kbd">↑</span>/<span className="kbd">↓</span> to reorder
        </span>
        <div className="chain-save">
          {dirty && (check?.migrates ?? false) && <span className="small warn-text">Saving moves fallback_model into fallback_providers.</span>}
          {dirty && blocking.length > 0 && (
            <span className="small danger-text" data-testid={`${testId}-blocked`}>
              Fix {blocking.length === 1 ? 'the error' : `${blocking.length} errors`} first.
            </span>
          )}
          <Button onClick={discard} disabled={!dirty || saving} data-testid={`${testId}-discard`}>
            Discard
          </Button>
          <Button variant="primary" busy={saving} disabled={!dirty || blocking.length > 0 || (dirty && current === null)} onClick={() => void save()} data-testid={`${testId}-save`}>
            Save chain
          </Button>
        </div>
      </div>

      {editing && (
        <EntryDialog
          open
          onOpenChange={(open) => !open && setEditing(null)}
          row={editing.row}
          isNew={editing.index === null}
          modelOptional={task !== null}
          options={catalog.options}
          check={(row) => checkRow(editing.index, row)}
          onPickModel={(row, apply) => setPicker({ title: 'Choose the model', current: row.provider ? { provider: row.provider, model: row.model } : null, apply })}
          onApply={(row) => setRows((rs) => (editing.index === null ? [...rs, row] : rs.map((r, j) => (j === editing.index ? row : r))))}
        />
      )}
      <ModelPicker
        open={picker !== null}
        onOpenChange={(open) => !open && setPicker(null)}
        title={picker?.title ?? ''}
        description={task === null ? 'Hermes switches to this model when the primary fails (after retries for rate limits and server errors; at once for auth, not-found and policy errors).' : `Tried when ${view.label}'s own provider fails.`}
        target={target}
        options={catalog.options}
        optionsError={catalog.optionsError}
        current={picker?.current ?? null}
        applyLabel={picker?.current ? 'Use this model' : 'Add to chain'}
        onApply={async (provider, model) => {
          picker?.apply(provider, model);
          return true;
        }}
        onRefresh={catalog.refresh}
        busy={false}
      />
    </section>
  );
}
