import { useId } from 'react';
import type { ModelOptions } from '../../../../shared/contract/models';
import type { RoutingProblem } from '../../../../shared/contract/routing';
import { Button } from '../../components/ui/Button';
import { ProblemLine } from './ProfilesCard';
import type { DelegationDraft } from './routing-draft';

/**
 * The routing keys of `delegation`: the default profile for delegated tasks, and the legacy
 * provider / model / base URL that win over every profile. Other delegation keys are kept.
 */
export function DelegationCard(props: {
  delegation: DelegationDraft;
  profileNames: string[];
  otherKeys: string[];
  problems: RoutingProblem[];
  options: ModelOptions | undefined;
  onChange: (d: DelegationDraft) => void;
  onPick: (title: string, current: { provider: string; model: string } | null, apply: (provider: string, model: string) => void) => void;
}) {
  const { delegation: d, onChange } = props;
  const id = useId();
  const legacy = d.provider.trim() !== '' || d.model.trim() !== '' || d.base_url.trim() !== '';
  const missing = d.model_profile !== '' && !props.profileNames.includes(d.model_profile);
  const at = (field: string) => props.problems.filter((p) => p.section === 'delegation' && p.field === field);
  return (
    <section className="card" data-testid="delegation-card">
      <div className="card-header">
        <h2>Delegated tasks</h2>
        <span className="hint mono">delegation</span>
      </div>
      <div className="card-body form-grid two-col">
        <div className="field">
          <label htmlFor={`${id}-profile`}>Default profile (model_profile)</label>
          <select id={`${id}-profile`} className="input mono" value={d.model_profile} onChange={(e) => onChange({ ...d, model_profile: e.target.value })} aria-invalid={missing || undefined} data-testid="delegation-profile">
            <option value="">none — use the rules</option>
            {missing && <option value={d.model_profile}>{d.model_profile} (missing)</option>}
            {props.profileNames.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          {at('model_profile').map((p) => (
            <ProblemLine key={p.message} p={p} />
          ))}
        </div>
        <div className="field">
          <span className="field-label">Legacy model for every delegated task</span>
          <div className="input-with-button">
            <span className="mono slot-value" data-testid="delegation-legacy">
              {legacy ? `${d.provider || 'inherit provider'} · ${d.model || 'inherit model'}` : 'not set — profiles decide'}
            </span>
            <Button size="sm" onClick={() => props.onPick('Model for all delegated tasks (legacy)', d.provider ? { provider: d.provider, model: d.model } : null, (provider, model) => onChange({ ...d, provider, model }))} data-testid="delegation-pick">
              Choose…
            </Button>
            {legacy && (
              <Button size="sm" variant="ghost" onClick={() => onChange({ ...d, provider: '', model: '', base_url: '' })} data-testid="delegation-clear">
                Clear
              </Button>
            )}
          </div>
          {at('provider').map((p) => (
            <ProblemLine key={p.message} p={p} onFix={(s) => onChange({ ...d, provider: s })} />
          ))}
        </div>
        <div className="field span-2">
          <label htmlFor={`${id}-url`}>Legacy base URL (delegation.base_url)</label>
          <input id={`${id}-url`} className="input mono" value={d.base_url} onChange={(e) => onChange({ ...d, base_url: e.target.value })} placeholder="optional: a direct OpenAI-compatible endpoint for subagents" spellCheck={false} autoComplete="off" data-testid="delegation-base-url" />
          {at('base_url').map((p) => (
            <ProblemLine key={p.message} p={p} />
          ))}
        </div>
        {legacy && (
          <div className="span-2 small warn-text" data-testid="delegation-legacy-note">
            delegation.provider / model / base_url are set: they win over every profile and rule. Clear them to let profiles decide.
          </div>
        )}
        {props.otherKeys.length > 0 && <div className="span-2 faint small">Also in delegation, kept as they are: {props.otherKeys.join(', ')}.</div>}
      </div>
    </section>
  );
}
