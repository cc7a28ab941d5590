import type { RoutingProblem } from '../../../../shared/contract/routing';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/Feedback';
import { ReorderHandle, useReorder } from '../../components/ui/Reorder';
import { move } from '../fallback/chain-draft';
import { ProblemLine } from './ProfilesCard';
import { newKey, type RuleDraft } from './routing-draft';

function describe(r: RuleDraft | undefined): string {
  if (!r) return 'rule';
  return `${r.kind === 'toolsets' ? 'toolsets' : 'goal'} ${r.values || '(empty)'} → ${r.profile || '(no profile)'}`;
}

/**
 * `model_routing.rules`: an ordered list, first match wins. Each rule has one condition (toolsets
 * include any of … / the goal matches any of …) and a profile; a rule naming a missing profile is
 * flagged inline.
 */
export function RulesCard(props: { rules: RuleDraft[]; profileNames: string[]; problems: RoutingProblem[]; firedRule: number | null; onChange: (rules: RuleDraft[]) => void }) {
  const { rules, onChange } = props;
  const { setListElement, handleProps, rowProps, liveRegion } = useReorder({ count: rules.length, onMove: (from, to) => onChange(move(rules, from, to)), describe: (i) => `rule ${i + 1} (${describe(rules[i])})` });
  const update = (i: number, patch: Partial<RuleDraft>) => onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <section className="card" data-testid="rules-card">
      <div className="card-header">
        <h2>Rules</h2>
        <span className="hint mono">model_routing.rules</span>
        <span className="hint">— first match wins</span>
      </div>
      {rules.length === 0 ? (
        <EmptyState title="No rules">Delegated tasks go to delegation.model_profile if set, else the toolset heuristic picks a profile.</EmptyState>
      ) : (
        <ol className="chain-list rule-list" ref={setListElement} aria-label="Routing rules">
          {rules.map((r, i) => {
            const mine = props.problems.filter((p) => p.section === 'model_routing' && p.rule === i);
            const missing = r.profile !== '' && !props.profileNames.includes(r.profile);
            return (
              <li key={r.key} className={`chain-row rule-row${props.firedRule === i ? ' serving' : ''}`} data-testid="rule-row" data-position={i} {...rowProps(i)}>
                <ReorderHandle {...handleProps(i)} testId="rule-handle" />
                <span className="chain-pos">{i + 1}</span>
                <div className="chain-main">
                  <div className="rule-fields">
                    <select className="input" aria-label={`Rule ${i + 1} condition`} value={r.kind} onChange={(e) => update(i, { kind: e.target.value as RuleDraft['kind'] })} data-testid="rule-kind">
                      <option value="toolsets">If the toolsets include any of</option>
                      <option value="goal">If the goal matches any of</option>
                    </select>
                    <input
                      className="input mono rule-values"
                      aria-label={`Rule ${i + 1} ${r.kind === 'toolsets' ? 'toolsets' : 'goal patterns'} (comma-separated)`}
                      value={r.values}
                      onChange={(e) => update(i, { values: e.target.value })}
                      placeholder={r.kind === 'toolsets' ? 'terminal, file' : 'refactor, summari[sz]e'}
                      spellCheck={false}
                      autoComplete="off"
                      data-testid="rule-values"
                    />
                    <span className="rule-arrow" aria-hidden="true">
                      →
                    </span>
                    <select className="input mono" aria-label={`Rule ${i + 1} profile`} value={r.profile} onChange={(e) => update(i, { profile: e.target.value })} aria-invalid={missing || undefined} data-testid="rule-profile">
                      {r.profile === '' && <option value="">choose a profile…</option>}
                      {missing && <option value={r.profile}>{r.profile} (missing)</option>}
                      {props.profileNames.map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                  </div>
                  {r.kind === 'goal' && <div className="faint small">Case-insensitive regular expressions, matched against the task’s goal text.</div>}
                  {mine.map((p) => (
                    <ProblemLine key={p.message} p={p} />
                  ))}
                </div>
                <div className="chain-actions">
                  <Button size="sm" variant="ghost" onClick={() => onChange(rules.filter((_, j) => j !== i))} aria-label={`Remove rule ${i + 1}`} data-testid="rule-remove">
                    Remove
                  </Button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {liveRegion}
      <div className="card-footer">
        <Button onClick={() => onChange([...rules, { key: newKey(), kind: 'toolsets', values: '', profile: props.profileNames.includes('coding') ? 'coding' : (props.profileNames[0] ?? ''), fields: {}, loaded: null }])} data-testid="rule-add">
          Add rule
        </Button>
        {rules.length > 1 && (
          <span className="faint small">
            Drag <span aria-hidden="true">⋮⋮</span> or press <span className="kbd">Alt</span>+<span className="kbd">↑</span>/<span className="kbd">↓</span> to reorder
          </span>
        )}
      </div>
    </section>
  );
}
