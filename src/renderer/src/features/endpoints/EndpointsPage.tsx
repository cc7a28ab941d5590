import { useEffect, useState } from 'react';
import type { EndpointView, UrlCheck } from '../../../../shared/contract/endpoints';
import type { KeyStore } from '../../../../shared/domain/keys';
import type { LiveModel } from '../../../../shared/domain/probes';
import { useConfig } from '../../app/config-context';
import { Button } from '../../components/ui/Button';
import { Badge, Banner, EmptyState, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { Modal } from '../../components/ui/Modal';
import { useAction, useBackend, useResource } from '../../lib/hooks';
import { useToast } from '../../lib/toasts';
import { formatTokens, Latency, ProbeClassBadge } from '../health/ProbeBadges';
import { StoreChoice } from '../keys/KeyDialogs';
import { EffectiveBadge } from '../keys/SourceBadges';
import { UseAsMenu } from '../models/UseAsMenu';
import { useModelAssignment } from '../models/use-model-assignment';
import { useModelCatalog } from '../models/use-model-catalog';

type Mode = 'auto' | 'chat_completions' | 'codex_responses' | 'anthropic_messages';

/** Custom endpoints ("run any model through one API") in `providers:` and `custom_providers:`. */
export function EndpointsPage() {
  const list = useResource('endpoints.list', {}, { refreshOn: ['config.changed', 'keys.changed', 'home.changed'] });
  const keys = useResource('keys.list', {}, { refreshOn: ['keys.changed'] });
  const remove = useAction('endpoints.remove');
  const test = useAction('endpoints.test');
  const config = useConfig();
  const toast = useToast();
  const [editing, setEditing] = useState<{ view: EndpointView | null } | null>(null);
  const [removing, setRemoving] = useState<EndpointView | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const catalog = useModelCatalog({ skip: !config.state || config.state.readOnly || !list.data });
  const assign = useModelAssignment(catalog);
  const tasks = assign.universe;
  /** Which slots already use an endpoint (by its selector), for the menu's check marks. */
  const rolesOf = (selector: string) => ({
    main: config.state?.main.provider === selector,
    aux: (config.state?.auxiliary ?? []).filter((a) => a.provider === selector).map((a) => a.task),
    autoAux: [],
  });

  const runTest = async (view: EndpointView) => {
    setTesting(view.selector);
    const r = await test.run({ selector: view.selector });
    setTesting(null);
    if (!r.ok) toast.show({ kind: 'error', title: 'Test failed to run', body: r.error.message });
    else setExpanded(view.selector);
    await list.reload();
  };

  const endpoints = list.data?.endpoints ?? [];
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Endpoints</h1>
          <div className="subtitle">Your own OpenAI- or Anthropic-compatible APIs (LiteLLM, Ollama, vLLM, a company gateway). Both config sections Hermes reads are shown.</div>
        </div>
        <div className="actions">
          <Button variant="primary" onClick={() => setEditing({ view: null })} disabled={config.state?.readOnly} data-testid="add-endpoint">
            Add endpoint
          </Button>
        </div>
      </div>
      {assign.dialogs}
      {list.error && <ErrorNotice error={list.error} title="Could not read the endpoints" />}
      {!list.data && !list.error && <Loading />}
      {list.data && list.data.problems.length > 0 && (
        <Banner tone="warn" title="Some entries Hermes cannot use">
          {list.data.problems.map((p) => (
            <div key={p.path}>
              <code>{p.path}</code>: {p.message}
            </div>
          ))}
        </Banner>
      )}
      {list.data && endpoints.length === 0 && (
        <section className="card">
          <EmptyState
            title="No custom endpoints"
            action={
              <Button variant="primary" onClick={() => setEditing({ view: null })}>
                Add endpoint
              </Button>
            }
          >
            Point Hermes at any OpenAI-compatible URL (e.g. http://localhost:11434/v1 for Ollama) and use it for the main model, a side task or a fallback.
          </EmptyState>
        </section>
      )}
      {endpoints.map((view) => (
        <section className="card endpoint-card" key={`${view.path}`} data-testid={`endpoint-${view.selector}`}>
          <div className="card-header">
            <h2>{view.endpoint.name}</h2>
            <Badge title="where it lives in config.yaml">{view.endpoint.origin === 'providers' ? 'providers:' : 'custom_providers:'}</Badge>
            {!view.endpoint.enabled && <Badge tone="warn">disabled</Badge>}
            <div className="actions">
              <UseAsMenu
                provider={view.selector}
                model={view.endpoint.model ?? view.liveModels?.[0]?.id ?? ''}
                roles={rolesOf(view.selector)}
                tasks={tasks}
                assign={assign}
                testId={`use-as-${view.selector}`}
                unavailable={
                  config.state?.readOnly
                    ? 'config.yaml does not parse; repair it first.'
                    : !view.endpoint.enabled
                      ? 'This endpoint is disabled (enabled: false).'
                      : !(view.endpoint.model ?? view.liveModels?.[0]?.id)
                        ? 'Give the endpoint a default model (Edit), or Test it to load its models.'
                        : undefined
                }
              />
              <Button size="sm" busy={testing === view.selector} onClick={() => void runTest(view)} data-testid={`test-${view.selector}`}>
                Test
              </Button>
              <Button size="sm" onClick={() => setEditing({ view })} data-testid={`edit-${view.selector}`}>
                Edit
              </Button>
              <Button size="sm" variant="danger" onClick={() => setRemoving(view)} data-testid={`remove-${view.selector}`}>
                Remove
              </Button>
            </div>
          </div>
          <dl className="kv endpoint-kv">
            <dt>Select as</dt>
            <dd>
              <code data-testid="endpoint-selector">{view.selector}</code>
              <span className="small muted"> — the provider value for the main model, a side task or a fallback{view.referencedBy.length > 0 ? `; used by ${view.referencedBy.join(', ')}` : ''}</span>
            </dd>
            <dt>Base URL</dt>
            <dd>
              <code>{view.endpoint.baseUrl}</code>
              {view.url.hints
                .filter((h) => !h.startsWith('Hermes will use'))
                .map((h) => (
                  <div key={h} className="small warn-text">
                    {h}
                  </div>
                ))}
            </dd>
            <dt>API mode</dt>
            <dd>
              <code>{view.apiMode}</code> <span className="small muted">{view.apiModeOverride ? '(set manually)' : `(auto: ${view.apiModeReason === 'url' ? 'from the URL' : 'default'})`}</span>
            </dd>
            <dt>Key</dt>
            <dd>
              {view.keyName ? <code>{view.keyName}</code> : null} <EffectiveBadge effective={view.key} />
              {!view.key && <span className="small muted"> none (fine for local servers)</span>}
            </dd>
            <dt>Model</dt>
            <dd>
              {view.endpoint.model ? <code>{view.endpoint.model}</code> : <span className="faint">none set</span>}
              {view.contextCheck && (
                <span className="small" data-testid="context-check" data-ok={String(view.contextCheck.ok)}>
                  {' '}
                  {view.contextCheck.window === null ? (
                    <span className="muted">context window unknown (Test reads it from the endpoint)</span>
                  ) : view.contextCheck.ok ? (
                    <Badge tone="ok">{formatTokens(view.contextCheck.window)} context ≥ 64K</Badge>
                  ) : (
                    <Badge tone="warn" title="Hermes needs 64K for the main model and compression">
                      {formatTokens(view.contextCheck.window)} context &lt; 64K
                    </Badge>
                  )}
                </span>
              )}
            </dd>
            <dt>Last test</dt>
            <dd data-testid="endpoint-last-test">
              {view.lastProbe ? (
                <>
                  <ProbeClassBadge cls={view.lastProbe.class} title={view.lastProbe.detail} /> <Latency result={view.lastProbe} /> <span className="small">{view.lastProbe.hint}</span>
                </>
              ) : (
                <span className="faint small">not tested yet</span>
              )}
            </dd>
          </dl>
          {view.liveModels && (
            <div className="live-models">
              <button className="btn btn-sm btn-ghost" onClick={() => setExpanded(expanded === view.selector ? null : view.selector)} aria-expanded={expanded === view.selector}>
                {expanded === view.selector ? '▾' : '▸'} {view.liveModels.length} live models
              </button>
              {expanded === view.selector && <ModelChips models={view.liveModels} current={view.endpoint.model} />}
            </div>
          )}
        </section>
      ))}
      {editing && <EndpointForm view={editing.view} keychainUsable={keys.data?.keychain.status !== 'unavailable'} onClose={() => setEditing(null)} onSaved={() => void list.reload()} />}
      <Modal
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${removing?.endpoint.name ?? ''}?`}
        description={`Deletes ${removing?.path ?? ''} from config.yaml (backed up first). Its key stays on the Keys page.`}
        testId="remove-endpoint-dialog"
        footer={
          <>
            <Button onClick={() => setRemoving(null)}>Cancel</Button>
            <Button
              variant="danger-solid"
              busy={remove.pending}
              onClick={async () => {
                if (!removing) return;
                const original = removing.endpoint.origin === 'providers' ? { origin: 'providers' as const, key: removing.endpoint.key } : { origin: 'custom_providers' as const, index: removing.endpoint.index };
                const r = await remove.run({ baseHash: config.state?.hash ?? null, original });
                if (r.ok) {
                  toast.show({ kind: 'ok', title: `${removing.endpoint.name} removed`, body: r.data.summary });
                  setRemoving(null);
                  await Promise.all([list.reload(), config.reload()]);
                }
              }}
              data-testid="confirm-remove-endpoint"
            >
              Remove
            </Button>
          </>
        }
      >
        {remove.error && <ErrorNotice error={remove.error} title="Not removed" />}
      </Modal>
    </>
  );
}

function ModelChips({ models, current }: { models: LiveModel[]; current: string | undefined }) {
  return (
    <ul className="model-chips" data-testid="live-models">
      {models.slice(0, 200).map((m) => (
        <li key={m.id} className={m.id === current ? 'current' : undefined}>
          <code>{m.id}</code>
          {m.contextLength !== undefined && <span className={`small ${m.contextLength < 64_000 ? 'warn-text' : 'faint'}`}> {formatTokens(m.contextLength)}</span>}
        </li>
      ))}
      {models.length > 200 && <li className="faint small">…and {models.length - 200} more</li>}
    </ul>
  );
}

function defaultKeyEnv(name: string): string {
  const base = name.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `${/^[A-Z_]/.test(base) ? base : `EP_${base}`}_API_KEY`;
}

/** Add / edit form: name, URL (validated live), API mode, key (keychain by default), model, context. */
function EndpointForm({ view, keychainUsable, onClose, onSaved }: { view: EndpointView | null; keychainUsable: boolean; onClose: () => void; onSaved: () => void }) {
  const e = view?.endpoint;
  const client = useBackend();
  const config = useConfig();
  const save = useAction('endpoints.save');
  const toast = useToast();
  const [name, setName] = useState(e?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(e?.baseUrl ?? '');
  const [mode, setMode] = useState<Mode>(((e?.apiMode as Mode | undefined) ?? 'auto') as Mode);
  const [keyEnv, setKeyEnv] = useState(e?.keyEnv ?? '');
  const [keyValue, setKeyValue] = useState('');
  const [store, setStore] = useState<KeyStore>(keychainUsable ? 'keychain' : 'env');
  const [model, setModel] = useState(e?.model ?? '');
  const [context, setContext] = useState(e?.contextLength ? String(e.contextLength) : '');
  const [section, setSection] = useState<'providers' | 'custom_providers'>('providers');
  const [check, setCheck] = useState<UrlCheck | null>(null);

  useEffect(() => {
    if (baseUrl.trim() === '') {
      setCheck(null);
      return;
    }
    const timer = setTimeout(() => {
      void client.call('endpoints.checkUrl', { baseUrl }).then((r) => r.ok && setCheck(r.data));
    }, 250);
    return () => clearTimeout(timer);
  }, [baseUrl, client]);

  const effectiveKeyEnv = keyEnv.trim() || (keyValue.trim() ? defaultKeyEnv(name || 'custom') : '');
  const contextNumber = context.trim() === '' ? null : Number(context);
  const contextValid = contextNumber === null || (Number.isInteger(contextNumber) && contextNumber > 0);
  const valid = name.trim() !== '' && check?.valid === true && contextValid;

  const submit = async () => {
    const original = e === undefined ? undefined : e.origin === 'providers' ? { origin: 'providers' as const, key: e.key } : { origin: 'custom_providers' as const, index: e.index };
    const r = await save.run({
      baseHash: config.state?.hash ?? null,
      ...(original && { original }),
      ...(original === undefined && { section }),
      draft: {
        name: name.trim(),
        baseUrl: baseUrl.trim(),
        apiMode: mode,
        ...(effectiveKeyEnv !== '' ? { keyEnv: effectiveKeyEnv } : e?.keyEnv ? { keyEnv: null } : {}),
        model: model.trim() === '' ? null : model.trim(),
        contextLength: contextNumber,
      },
      ...(keyValue.trim() !== '' && { key: { value: keyValue, store } }),
    });
    if (!r.ok) return;
    toast.show({ kind: 'ok', title: `${name.trim()} saved`, body: [`Select it as “${r.data.selector}”.`, ...r.data.notes].join(' ') });
    setKeyValue('');
    onSaved();
    await config.reload();
    onClose();
  };

  return (
    <Modal
      open
      onOpenChange={(o) => !o && onClose()}
      title={view ? `Edit ${view.endpoint.name}` : 'Add a custom endpoint'}
      description="Saved to config.yaml (only this entry's lines change; fields this form does not show are kept). The key goes to the keychain."
      testId="endpoint-form"
      wide
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={save.pending} disabled={!valid} onClick={() => void submit()} data-testid="save-endpoint">
            Save
          </Button>
        </>
      }
    >
      <form
        className="form-grid two-col"
        onSubmit={(ev) => {
          ev.preventDefault();
          if (valid) void submit();
        }}
      >
        <div className="field">
          <label htmlFor="ep-name">Name</label>
          <input id="ep-name" className="input" value={name} onChange={(ev) => setName(ev.target.value)} placeholder="Work Gateway" autoFocus data-testid="ep-name" />
          {!view && <span className="small faint">Selected as {section === 'providers' ? <code>{name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || '…'}</code> : <code>custom:{name.trim().toLowerCase().replace(/\s+/g, '-') || '…'}</code>}</span>}
        </div>
        <div className="field">
          <label htmlFor="ep-url">Base URL</label>
          <input id="ep-url" className="input mono" value={baseUrl} onChange={(ev) => setBaseUrl(ev.target.value)} placeholder="https://llm.example.com/v1" spellCheck={false} aria-invalid={check?.valid === false} data-testid="ep-url" />
          <div data-testid="ep-url-check">
            {check?.problems.map((p) => (
              <div key={p} className="small danger-text">
                {p}
              </div>
            ))}
            {check?.hints.map((h) => (
              <div key={h} className="small warn-text">
                {h}
              </div>
            ))}
          </div>
        </div>
        <div className="field">
          <label htmlFor="ep-mode">API mode</label>
          <select id="ep-mode" className="input" value={mode} onChange={(ev) => setMode(ev.target.value as Mode)} data-testid="ep-mode">
            <option value="auto">Auto — {check?.detectedApiMode ?? 'chat_completions'} (detected from the URL)</option>
            <option value="chat_completions">chat_completions (OpenAI Chat Completions)</option>
            <option value="codex_responses">codex_responses (OpenAI Responses)</option>
            <option value="anthropic_messages">anthropic_messages (Anthropic Messages)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="ep-model">Default model</label>
          <input id="ep-model" className="input mono" value={model} onChange={(ev) => setModel(ev.target.value)} placeholder="qwen3-coder-plus" list="ep-live-models" spellCheck={false} data-testid="ep-model" />
          <datalist id="ep-live-models">
            {(view?.liveModels ?? []).map((m) => (
              <option key={m.id} value={m.id} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="ep-context">Context window (tokens, optional)</label>
          <input id="ep-context" className="input" inputMode="numeric" value={context} onChange={(ev) => setContext(ev.target.value)} placeholder="read from the endpoint" aria-invalid={!contextValid} data-testid="ep-context" />
          {contextNumber !== null && contextValid && contextNumber < 64_000 && <span className="small warn-text">Under 64K: Hermes warns for the main model and skips it for compression.</span>}
        </div>
        {!view && (
          <div className="field">
            <label htmlFor="ep-section">Config section</label>
            <select id="ep-section" className="input" value={section} onChange={(ev) => setSection(ev.target.value as 'providers' | 'custom_providers')}>
              <option value="providers">providers: (current schema)</option>
              <option value="custom_providers">custom_providers: (legacy list, still read)</option>
            </select>
          </div>
        )}
        <div className="field span-2">
          <label htmlFor="ep-key-env">Key variable</label>
          <input id="ep-key-env" className="input mono" value={keyEnv} onChange={(ev) => setKeyEnv(ev.target.value.toUpperCase())} placeholder={defaultKeyEnv(name || 'custom')} spellCheck={false} data-testid="ep-key-env" />
          <span className="small faint">Written as key_env; Hermes reads the key from this variable. Leave the key below empty to keep the current one (or for a keyless local server).</span>
        </div>
        <div className="field span-2">
          <label htmlFor="ep-key">Key (optional)</label>
          <input id="ep-key" className="input mono" type="password" value={keyValue} onChange={(ev) => setKeyValue(ev.target.value)} placeholder={view?.key ? 'leave empty to keep the saved key' : 'paste the key'} autoComplete="off" spellCheck={false} data-testid="ep-key" />
        </div>
        {keyValue.trim() !== '' && (
          <div className="span-2">
            <StoreChoice value={store} onChange={setStore} keychainUsable={keychainUsable} name={effectiveKeyEnv} />
          </div>
        )}
        {save.error && (
          <div className="span-2">
            <ErrorNotice error={save.error} title="Not saved" />
          </div>
        )}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
