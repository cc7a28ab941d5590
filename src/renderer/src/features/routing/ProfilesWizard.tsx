import { useEffect, useMemo, useState } from 'react';
import type { ModelOptions } from '../../../../shared/contract/models';
import type { RoutingState } from '../../../../shared/contract/routing';
import type { AppErrorData } from '../../../../shared/errors';
import { proposeProfiles, type Proposal } from '../../../../shared/routing/propose-profiles';
import { Button } from '../../components/ui/Button';
import { Badge, EmptyState, ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { Modal } from '../../components/ui/Modal';
import { useBackend } from '../../lib/hooks';

type Choice = { kind: 'keep' } | { kind: 'proposal' } | { kind: 'other'; provider: string; model: string };

function valueOf(profile: RoutingState['profiles'][number]): string {
  return profile.empty ? '' : `${profile.provider || 'main provider'} · ${profile.model || 'main model'}`;
}

/**
 * Like the seed's `configure-model-routing`: find the providers with working credentials, fetch their
 * live model lists, propose a model per default profile, and ask per profile — keep the current
 * value, use the proposal, or pick another — before one backed-up write of the profiles chosen.
 * Nothing already set is overwritten unless the user picks so.
 */
export function ProfilesWizard(props: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  state: RoutingState;
  onPick: (title: string, current: { provider: string; model: string } | null, apply: (provider: string, model: string) => void) => void;
  onWritten: (summary: string, backupId: string | null) => void;
}) {
  const client = useBackend();
  const [options, setOptions] = useState<ModelOptions | null>(null);
  const [loadError, setLoadError] = useState<AppErrorData | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  /** Models picked with the picker, per profile (offered as one more choice). */
  const [others, setOthers] = useState<Record<string, { provider: string; model: string }>>({});
  const [writing, setWriting] = useState(false);
  const [writeError, setWriteError] = useState<AppErrorData | null>(null);
  const { state, open } = props;

  useEffect(() => {
    if (!open) return;
    let live = true;
    setOptions(null);
    setOthers({});
    setLoadError(null);
    setWriteError(null);
    // refresh: wait for every live list (each within its own timeout).
    void client.call('models.options', { refresh: true }).then((r) => {
      if (!live) return;
      if (r.ok) setOptions(r.data);
      else setLoadError(r.error);
    });
    return () => {
      live = false;
    };
  }, [open, client]);

  const ready = useMemo(() => (options?.providers ?? []).filter((p) => p.authenticated && p.enabled && p.slug !== 'moa'), [options]);
  const proposals = useMemo<Proposal[]>(() => (options ? proposeProfiles(ready, { provider: state.primary.provider, model: state.primary.model }) : []), [options, ready, state.primary]);

  // Defaults: an empty profile takes the proposal, a profile that is set keeps its value.
  useEffect(() => {
    if (!options) return;
    const next: Record<string, Choice> = {};
    for (const p of proposals) {
      const current = state.profiles.find((x) => x.name === p.profile);
      next[p.profile] = current && current.empty && p.model !== null ? { kind: 'proposal' } : { kind: 'keep' };
    }
    setChoices(next);
  }, [options, proposals, state.profiles]);

  const changes = proposals.flatMap((p) => {
    const c = choices[p.profile];
    const current = state.profiles.find((x) => x.name === p.profile);
    if (!c || c.kind === 'keep') return [];
    const provider = c.kind === 'proposal' ? (p.provider ?? '') : c.provider;
    const model = c.kind === 'proposal' ? (p.model ?? '') : c.model;
    if (current && current.provider === provider && current.model === model) return [];
    return [{ profile: p.profile, provider, model, from: current ? valueOf(current) : '' }];
  });

  const pickOther = (profile: string) =>
    props.onPick(`Model for the ${profile} profile`, others[profile] ?? null, (provider, model) => {
      setOthers((o) => ({ ...o, [profile]: { provider, model } }));
      setChoices((cs) => ({ ...cs, [profile]: { kind: 'other', provider, model } }));
    });

  const write = async () => {
    setWriting(true);
    setWriteError(null);
    const profiles: Record<string, Record<string, unknown>> = { ...state.model_profiles };
    for (const c of changes) {
      // A new provider: the old profile's base URL and key variable belonged to the old one.
      profiles[c.profile] = { ...(profiles[c.profile] ?? {}), provider: c.provider, model: c.model, base_url: '', api_key_env: '', key_env: '' };
    }
    const r = await client.call('routing.set', { model_profiles: profiles, baseHash: state.hash });
    setWriting(false);
    if (!r.ok) {
      setWriteError(r.error);
      return;
    }
    props.onWritten(`${changes.length} profile${changes.length === 1 ? '' : 's'} written: ${changes.map((c) => c.profile).join(', ')}.`, r.data.backupId);
    props.onOpenChange(false);
  };

  let body;
  if (loadError) body = <ErrorNotice error={loadError} title="Could not list providers" />;
  else if (!options)
    body = (
      <div className="loading-row" role="status" data-testid="wizard-loading">
        <Spinner /> Fetching the live model lists of your providers…
      </div>
    );
  else if (ready.length === 0)
    body = <EmptyState title="No provider has working credentials">Add a key on the Keys page (or sign in to a provider), then run the wizard again.</EmptyState>;
  else
    body = (
      <>
        <div className="wizard-providers" data-testid="wizard-providers">
          <h3>Providers with working credentials</h3>
          <ul className="badge-row">
            {ready.map((p) => (
              <li key={p.slug}>
                <Badge tone={p.catalog.state === 'fresh' ? 'ok' : p.catalog.state === 'failed' ? 'warn' : 'default'} title={p.catalog.error?.message ?? p.catalog.reason}>
                  {p.name} · {p.model_details.length} models{p.catalog.state === 'fresh' ? ' (live)' : p.catalog.state === 'failed' ? ' (live list failed)' : ''}
                </Badge>
              </li>
            ))}
          </ul>
        </div>
        <ol className="wizard-steps">
          {proposals.map((p) => {
            const current = state.profiles.find((x) => x.name === p.profile);
            const c = choices[p.profile] ?? { kind: 'keep' };
            const other = others[p.profile];
            const name = `wizard-${p.profile}`;
            return (
              <li key={p.profile} className="wizard-profile" data-testid={`wizard-profile-${p.profile}`}>
                <h3 className="mono">{p.profile}</h3>
                <fieldset className="wizard-choices">
                  <legend className="visually-hidden">Model for the {p.profile} profile</legend>
                  <label className="check-row">
                    <input type="radio" name={name} checked={c.kind === 'keep'} onChange={() => setChoices({ ...choices, [p.profile]: { kind: 'keep' } })} data-testid={`wizard-keep-${p.profile}`} />
                    <span className="wizard-choice-text">
                      Keep current: <span className="mono">{current && !current.empty ? valueOf(current) : `empty — inherits the main model (${state.primary.model || 'not set'})`}</span>
                    </span>
                  </label>
                  {p.model !== null && (
                    <label className="check-row">
                      <input type="radio" name={name} checked={c.kind === 'proposal'} onChange={() => setChoices({ ...choices, [p.profile]: { kind: 'proposal' } })} data-testid={`wizard-use-${p.profile}`} />
                      <span className="wizard-choice-text">
                        Use <span className="mono">{p.provider} · {p.model}</span>
                        <span className="small muted"> — {p.reason}</span>
                      </span>
                    </label>
                  )}
                  {p.model === null && <div className="small muted wizard-note">{p.reason}</div>}
                  {other !== undefined && (
                    <label className="check-row">
                      <input type="radio" name={name} checked={c.kind === 'other'} onChange={() => setChoices({ ...choices, [p.profile]: { kind: 'other', ...other } })} data-testid={`wizard-other-${p.profile}`} />
                      <span className="wizard-choice-text">
                        Use <span className="mono">{other.provider} · {other.model}</span> <span className="small muted">(picked)</span>
                      </span>
                    </label>
                  )}
                  <div>
                    <Button size="sm" onClick={() => pickOther(p.profile)} data-testid={`wizard-pick-${p.profile}`}>
                      {other === undefined ? 'Pick another model…' : 'Pick a different one…'}
                    </Button>
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ol>
        <div className="wizard-summary" data-testid="wizard-summary">
          {changes.length === 0 ? (
            <span className="muted">Nothing to write: every profile keeps its value.</span>
          ) : (
            <>
              <strong>Will write:</strong>
              <ul>
                {changes.map((c) => (
                  <li key={c.profile} className="small">
                    <span className="mono">{c.profile}</span>: {c.from ? <span className="mono faint">{c.from} → </span> : null}
                    <span className="mono">
                      {c.provider} · {c.model}
                    </span>
                    {c.from && <Badge tone="warn">replaces</Badge>}
                  </li>
                ))}
              </ul>
              <div className="faint small">A backup of config.yaml (reason “routing”) is taken first.</div>
            </>
          )}
        </div>
        {writeError && <ErrorNotice error={writeError} title="Nothing was written" />}
      </>
    );

  return (
    <Modal
      open={open}
      onOpenChange={props.onOpenChange}
      wide
      title="Set up routing profiles"
      description="Proposals come from the live model lists of the providers you have keys for. Nothing is written until you confirm."
      testId="profiles-wizard"
      footer={
        <>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button variant="primary" busy={writing} disabled={changes.length === 0 || !options} onClick={() => void write()} data-testid="wizard-write">
            {changes.length === 0 ? 'Write' : `Write ${changes.length} profile${changes.length === 1 ? '' : 's'}`}
          </Button>
        </>
      }
    >
      {body}
    </Modal>
  );
}
