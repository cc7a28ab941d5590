import { useEffect, useId, useMemo, useState } from 'react';
import type { ModelOptions } from '../../../../shared/contract/models';
import type { ChainProblem } from '../../../../shared/contract/routing';
import { API_MODES } from '../../../../shared/domain/providers';
import { Button } from '../../components/ui/Button';
import { Modal } from '../../components/ui/Modal';
import type { DraftRow } from './chain-draft';

type Field = 'provider' | 'model' | 'base_url' | 'key_env' | 'api_mode';

/**
 * Edit one fallback entry: provider, model (typed, or chosen with the picker), base URL, the
 * variable holding the key, and the API mode. Problems are checked against the whole chain as the
 * user types (the same validation the save runs), shown under their field; an alias offers the
 * canonical id in one click.
 */
export function EntryDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The row being edited, or a blank one for a new entry. */
  row: DraftRow;
  isNew: boolean;
  /** Auxiliary chains: the model may stay empty (the provider's default side-task model). */
  modelOptional: boolean;
  options: ModelOptions | undefined;
  /** Problems of this entry if it were in the chain as given. */
  check: (row: DraftRow) => Promise<ChainProblem[]>;
  onPickModel: (row: DraftRow, apply: (provider: string, model: string) => void) => void;
  onApply: (row: DraftRow) => void;
}) {
  const { open, row, check } = props;
  const [draft, setDraft] = useState<DraftRow>(row);
  const [problems, setProblems] = useState<ChainProblem[]>([]);
  const id = useId();

  useEffect(() => {
    if (open) {
      setDraft(row);
      setProblems([]);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when (re)opened
  }, [open]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    const t = setTimeout(() => {
      void check(draft).then((p) => {
        if (live) setProblems(p);
      });
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [open, draft, check]);

  const set = (field: Field, value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const at = (field: Field) => problems.filter((p) => p.field === field);
  const general = problems.filter((p) => p.field === undefined);
  const blocking = problems.some((p) => p.severity === 'error');
  const missing = draft.provider.trim() === '' || (!props.modelOptional && draft.model.trim() === '');
  const providers = useMemo(() => (props.options?.providers ?? []).map((p) => ({ slug: p.slug, name: p.name, ok: p.authenticated })), [props.options]);

  const fieldProblems = (field: Field) =>
    at(field).map((p) => (
      <div key={p.code + p.message} className={`field-problem ${p.severity}`} role={p.severity === 'error' ? 'alert' : undefined} data-testid={`entry-problem-${p.code}`}>
        <span>{p.message}</span>
        {p.suggestion && (
          <Button size="sm" onClick={() => set('provider', p.suggestion!)} data-testid="entry-use-suggestion">
            Use “{p.suggestion}”
          </Button>
        )}
      </div>
    ));

  return (
    <Modal
      open={open}
      onOpenChange={props.onOpenChange}
      title={props.isNew ? 'Add a fallback entry' : 'Edit fallback entry'}
      description="Changes go into the draft; “Save chain” writes them to config.yaml."
      testId="entry-dialog"
      footer={
        <>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button
            variant="primary"
            disabled={missing || blocking}
            title={missing ? 'Provider and model are required' : blocking ? 'Fix the problems first' : undefined}
            onClick={() => {
              props.onApply({ ...draft, provider: draft.provider.trim(), model: draft.model.trim(), base_url: draft.base_url.trim(), key_env: draft.key_env.trim() });
              props.onOpenChange(false);
            }}
            data-testid="entry-apply"
          >
            {props.isNew ? 'Add entry' : 'Update entry'}
          </Button>
        </>
      }
    >
      <form
        className="form-grid two-col"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-provider`}>Provider</label>
          <input
            id={`${id}-provider`}
            className="input mono"
            list={`${id}-providers`}
            value={draft.provider}
            onChange={(e) => set('provider', e.target.value)}
            placeholder="anthropic, custom, custom:<name>, …"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={at('provider').some((p) => p.severity === 'error') || undefined}
            data-testid="entry-provider"
          />
          <datalist id={`${id}-providers`}>
            <option value="custom">Custom endpoint (needs a base URL)</option>
            {providers.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.name}
                {p.ok ? '' : ' (not set up)'}
              </option>
            ))}
          </datalist>
          {fieldProblems('provider')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-model`}>Model{props.modelOptional ? ' (optional)' : ''}</label>
          <div className="input-with-button">
            <input
              id={`${id}-model`}
              className="input mono"
              value={draft.model}
              onChange={(e) => set('model', e.target.value)}
              placeholder={props.modelOptional ? "empty = the provider's side-task default" : 'model id'}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={at('model').some((p) => p.severity === 'error') || undefined}
              data-testid="entry-model"
            />
            <Button onClick={() => props.onPickModel(draft, (provider, model) => setDraft((d) => ({ ...d, provider, model })))} data-testid="entry-pick">
              Choose…
            </Button>
          </div>
          {fieldProblems('model')}
        </div>
        <div className="field span-2">
          <label htmlFor={`${id}-url`}>Base URL</label>
          <input
            id={`${id}-url`}
            className="input mono"
            value={draft.base_url}
            onChange={(e) => set('base_url', e.target.value)}
            placeholder="required for custom; otherwise the provider's own URL"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={at('base_url').some((p) => p.severity === 'error') || undefined}
            data-testid="entry-base-url"
          />
          {fieldProblems('base_url')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-key`}>Key variable (key_env)</label>
          <input
            id={`${id}-key`}
            className="input mono"
            value={draft.key_env}
            onChange={(e) => set('key_env', e.target.value)}
            placeholder="e.g. OLLAMA_LOCAL_KEY (optional)"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={at('key_env').some((p) => p.severity === 'error') || undefined}
            data-testid="entry-key-env"
          />
          <span className="faint small">The name of a variable in .env or the keychain — never the key itself.</span>
          {fieldProblems('key_env')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-mode`}>API mode</label>
          <select id={`${id}-mode`} className="input" value={draft.api_mode} onChange={(e) => set('api_mode', e.target.value)} data-testid="entry-api-mode">
            <option value="">Detect automatically</option>
            {API_MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
            {draft.api_mode !== '' && !(API_MODES as readonly string[]).includes(draft.api_mode) && <option value={draft.api_mode}>{draft.api_mode} (not valid)</option>}
          </select>
          {fieldProblems('api_mode')}
        </div>
        {general.length > 0 && (
          <div className="span-2">
            {general.map((p) => (
              <div key={p.code} className={`field-problem ${p.severity}`} data-testid={`entry-problem-${p.code}`}>
                {p.message}
              </div>
            ))}
          </div>
        )}
      </form>
    </Modal>
  );
}
