import { useEffect, useId, useState, type ReactNode } from 'react';
import type { ModelOptions } from '../../../../shared/contract/models';
import type { RoutingProblem } from '../../../../shared/contract/routing';
import { Button } from '../../components/ui/Button';
import { Badge } from '../../components/ui/Feedback';
import { Modal } from '../../components/ui/Modal';
import { isProfileEmpty, PROFILE_NAME, type ProfileDraft } from './routing-draft';

export function ProblemLine({ p, onFix }: { p: RoutingProblem; onFix?: (suggestion: string) => void }) {
  return (
    <div className={`field-problem ${p.severity}`} data-testid="routing-problem" data-section={p.section}>
      <span>{p.message}</span>
      {p.suggestion && onFix && (
        <Button size="sm" onClick={() => onFix(p.suggestion!)}>
          Use “{p.suggestion}”
        </Button>
      )}
    </div>
  );
}

/**
 * `model_profiles`: the four defaults (always listed; an empty one inherits the main model) and
 * user-named ones. Edit opens a dialog with the model picker; Clear empties a profile; Delete removes
 * a user-named one.
 */
export function ProfilesCard(props: {
  profiles: ProfileDraft[];
  primary: { provider: string; model: string };
  problems: RoutingProblem[];
  options: ModelOptions | undefined;
  onChange: (profiles: ProfileDraft[]) => void;
  onPick: (title: string, current: { provider: string; model: string } | null, apply: (provider: string, model: string) => void) => void;
  actions: ReactNode;
}) {
  const { profiles, onChange } = props;
  const [editing, setEditing] = useState<{ index: number | null; draft: ProfileDraft } | null>(null);
  const update = (i: number, p: ProfileDraft) => onChange(profiles.map((x, j) => (j === i ? p : x)));

  return (
    <section className="card" data-testid="profiles-card">
      <div className="card-header">
        <h2>Profiles</h2>
        <span className="hint mono">model_profiles</span>
        <div className="actions">{props.actions}</div>
      </div>
      <div className="table-scroll">
        <table className="data-table profiles-table">
          <thead>
            <tr>
              <th scope="col">Profile</th>
              <th scope="col">Provider · model</th>
              <th scope="col">Base URL</th>
              <th scope="col">Key variable</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((p, i) => {
              const empty = isProfileEmpty(p);
              const mine = props.problems.filter((x) => x.section === 'model_profiles' && x.profile === p.name);
              return (
                <tr key={p.name} data-testid={`profile-row-${p.name}`} data-empty={empty || undefined}>
                  <td>
                    <strong className="mono">{p.name}</strong> {p.isDefault ? <Badge>default</Badge> : <Badge tone="accent">custom</Badge>}
                  </td>
                  <td>
                    {empty ? (
                      <span className="muted" data-testid="profile-inherits">
                        inherits main model <span className="mono faint">({props.primary.provider} · {props.primary.model || 'not set'})</span>
                      </span>
                    ) : (
                      <span className="mono" data-testid="profile-model">
                        {p.provider || <span className="faint">main provider</span>} · {p.model || <span className="faint">main model</span>}
                      </span>
                    )}
                    {mine.map((x) => (
                      <ProblemLine key={x.message} p={x} onFix={x.field === 'provider' ? (s) => update(i, { ...p, provider: s }) : undefined} />
                    ))}
                  </td>
                  <td className="mono small">{p.base_url || <span className="faint">–</span>}</td>
                  <td className="mono small">{p.api_key_env || <span className="faint">–</span>}</td>
                  <td className="row-actions">
                    <Button size="sm" onClick={() => setEditing({ index: i, draft: p })} aria-label={`Edit profile ${p.name}`} data-testid={`profile-edit-${p.name}`}>
                      Edit
                    </Button>
                    {!empty && (
                      <Button size="sm" variant="ghost" onClick={() => update(i, { ...p, model: '', provider: '', base_url: '', api_key_env: '' })} aria-label={`Clear profile ${p.name}`} data-testid={`profile-clear-${p.name}`}>
                        Clear
                      </Button>
                    )}
                    {!p.isDefault && (
                      <Button size="sm" variant="ghost" onClick={() => onChange(profiles.filter((_, j) => j !== i))} aria-label={`Delete profile ${p.name}`} data-testid={`profile-delete-${p.name}`}>
                        Delete
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="card-footer">
        <Button
          onClick={() => setEditing({ index: null, draft: { name: '', isDefault: false, defined: false, model: '', provider: '', base_url: '', api_key_env: '', fields: {}, keyField: 'api_key_env' } })}
          data-testid="profile-add"
        >
          Add profile…
        </Button>
        <span className="faint small">An empty profile uses the main model. Rules and delegation refer to profiles by name.</span>
      </div>
      {editing && (
        <ProfileDialog
          draft={editing.draft}
          isNew={editing.index === null}
          taken={profiles.filter((_, j) => j !== editing.index).map((p) => p.name)}
          options={props.options}
          onPick={props.onPick}
          onClose={() => setEditing(null)}
          onApply={(p) => {
            onChange(editing.index === null ? [...profiles, p] : profiles.map((x, j) => (j === editing.index ? p : x)));
            setEditing(null);
          }}
        />
      )}
    </section>
  );
}

function ProfileDialog(props: {
  draft: ProfileDraft;
  isNew: boolean;
  taken: string[];
  options: ModelOptions | undefined;
  onPick: (title: string, current: { provider: string; model: string } | null, apply: (provider: string, model: string) => void) => void;
  onClose: () => void;
  onApply: (p: ProfileDraft) => void;
}) {
  const [d, setD] = useState(props.draft);
  const id = useId();
  useEffect(() => setD(props.draft), [props.draft]);
  const name = d.name.trim();
  const nameError = !props.isNew ? null : name === '' ? 'Give the profile a name.' : !PROFILE_NAME.test(name) ? 'Use letters, digits, “-”, “_” and “.” (up to 64).' : props.taken.includes(name) ? 'A profile with this name exists.' : null;
  const urlError = d.base_url.trim() !== '' && !/^https?:\/\/[^/\s]+/i.test(d.base_url.trim()) && !d.base_url.includes('${') ? 'The base URL needs a scheme and a host.' : null;
  const keyError = d.api_key_env.trim() !== '' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(d.api_key_env.trim()) ? 'Not an environment variable name (letters, digits and _).' : null;
  const providers = props.options?.providers ?? [];
  return (
    <Modal
      open
      onOpenChange={(o) => !o && props.onClose()}
      title={props.isNew ? 'Add a profile' : `Profile “${props.draft.name}”`}
      description="Leave everything empty to use the main model. Changes go into the draft until you save routing."
      testId="profile-dialog"
      footer={
        <>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button variant="primary" disabled={nameError !== null || urlError !== null || keyError !== null} onClick={() => props.onApply({ ...d, name })} data-testid="profile-apply">
            {props.isNew ? 'Add profile' : 'Update profile'}
          </Button>
        </>
      }
    >
      <div className="form-grid two-col">
        {props.isNew && (
          <div className="field span-2">
            <label htmlFor={`${id}-name`}>Name</label>
            <input id={`${id}-name`} className="input mono" value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} placeholder="e.g. cheap, vision, local" aria-invalid={nameError !== null || undefined} data-testid="profile-name-input" autoComplete="off" spellCheck={false} />
            {nameError && d.name !== '' && <div className="field-problem error">{nameError}</div>}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-provider`}>Provider</label>
          <input id={`${id}-provider`} className="input mono" list={`${id}-providers`} value={d.provider} onChange={(e) => setD({ ...d, provider: e.target.value })} placeholder="empty = the main provider" data-testid="profile-provider" autoComplete="off" spellCheck={false} />
          <datalist id={`${id}-providers`}>
            {providers.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.name}
              </option>
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={`${id}-model`}>Model</label>
          <div className="input-with-button">
            <input id={`${id}-model`} className="input mono" value={d.model} onChange={(e) => setD({ ...d, model: e.target.value })} placeholder="empty = the main model" data-testid="profile-model-input" autoComplete="off" spellCheck={false} />
            <Button onClick={() => props.onPick(`Model for the “${name || 'new'}” profile`, d.provider ? { provider: d.provider, model: d.model } : null, (provider, model) => setD((x) => ({ ...x, provider, model })))} data-testid="profile-pick">
              Choose…
            </Button>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-url`}>Base URL</label>
          <input id={`${id}-url`} className="input mono" value={d.base_url} onChange={(e) => setD({ ...d, base_url: e.target.value })} placeholder="optional" aria-invalid={urlError !== null || undefined} data-testid="profile-base-url" autoComplete="off" spellCheck={false} />
          {urlError && <div className="field-problem error">{urlError}</div>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-key`}>Key variable ({d.keyField})</label>
          <input id={`${id}-key`} className="input mono" value={d.api_key_env} onChange={(e) => setD({ ...d, api_key_env: e.target.value })} placeholder="optional, e.g. OPENROUTER_API_KEY" aria-invalid={keyError !== null || undefined} data-testid="profile-key-env" autoComplete="off" spellCheck={false} />
          {keyError && <div className="field-problem error">{keyError}</div>}
        </div>
      </div>
    </Modal>
  );
}
