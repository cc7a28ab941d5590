import { useId } from 'react';
import type { Decision, RoutingTest } from '../../../../shared/contract/routing';
import { CHAT_STEPS, DELEGATION_STEPS, STEP_LABELS, type DecisionStep } from '../../../../shared/routing/precedence';
import { Badge, Spinner } from '../../components/ui/Feedback';

function Order({ title, steps, decision, testId }: { title: string; steps: readonly DecisionStep[]; decision: Decision | null; testId: string }) {
  const traced = new Map((decision?.trace ?? []).map((t) => [t.step, t]));
  return (
    <div className="precedence-order" data-testid={testId}>
      <h3>{title}</h3>
      <ol>
        {steps.map((s) => {
          const t = traced.get(s as never);
          const decided = decision?.decided_by === s;
          return (
            <li key={s} className={decided ? 'decided' : t ? 'checked' : 'unreached'} data-step={s} data-decided={decided || undefined}>
              <div>
                <strong className="mono">{STEP_LABELS[s].title}</strong> {decided && <Badge tone="ok">decides</Badge>}
              </div>
              <div className="small muted">{t ? t.note : STEP_LABELS[s].detail}</div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export interface TesterInput {
  toolsets: string;
  goal: string;
  profile: string;
}

/**
 * Both precedence orders, with the steps the current answer checked and the one that decided, and
 * the rule tester: toolsets and a goal (and optionally a profile named on the call) → which step
 * decides, which rule fires, which profile and model result. Tests the draft on screen.
 */
export function PrecedencePanel(props: { input: TesterInput; onInput: (i: TesterInput) => void; result: RoutingTest | null; busy: boolean; profileNames: string[]; heuristic: { profile: string; toolsets: string[] }[] }) {
  const { input, onInput, result } = props;
  const id = useId();
  const d = result;
  return (
    <section className="card" data-testid="precedence-panel">
      <div className="card-header">
        <h2>Which model runs — precedence and rule tester</h2>
      </div>
      <div className="card-body">
        <form className="tester-form" onSubmit={(e) => e.preventDefault()} aria-label="Rule tester">
          <div className="field">
            <label htmlFor={`${id}-toolsets`}>Toolsets of the task</label>
            <input id={`${id}-toolsets`} className="input mono" value={input.toolsets} onChange={(e) => onInput({ ...input, toolsets: e.target.value })} placeholder="terminal, file, web" spellCheck={false} autoComplete="off" data-testid="tester-toolsets" />
          </div>
          <div className="field tester-goal">
            <label htmlFor={`${id}-goal`}>Goal</label>
            <input id={`${id}-goal`} className="input" value={input.goal} onChange={(e) => onInput({ ...input, goal: e.target.value })} placeholder="e.g. Refactor the config parser and add tests" autoComplete="off" data-testid="tester-goal" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-profile`}>model_profile on the call</label>
            <select id={`${id}-profile`} className="input mono" value={input.profile} onChange={(e) => onInput({ ...input, profile: e.target.value })} data-testid="tester-profile">
              <option value="">none</option>
              {props.profileNames.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </form>
        <div className="tester-result" role="status" aria-live="polite" data-testid="tester-result" data-decided-by={d?.decided_by}>
          {props.busy && !d && <Spinner label="Testing" />}
          {d && (
            <>
              <div className="tester-headline">
                <span className="muted">delegate_task →</span>{' '}
                <strong className="mono" data-testid="tester-model">
                  {d.provider} · {d.model || '(not set)'}
                </strong>
                {d.profile !== null && (
                  <span>
                    {' '}
                    via profile <strong className="mono" data-testid="tester-profile-result">{d.profile}</strong>
                  </span>
                )}
                {d.inherited_primary && <Badge>inherits main model</Badge>}
              </div>
              <div className="small">
                Decided by <strong data-testid="tester-step">{STEP_LABELS[d.decided_by as DecisionStep].title}</strong>
                {d.rule !== null && (
                  <span data-testid="tester-rule">
                    {' '}
                    — rule {d.rule.index + 1} fired{d.matched !== null ? ` (matched “${d.matched}”)` : ''}
                  </span>
                )}
                . <span className="muted">{d.reason}</span>
              </div>
            </>
          )}
        </div>
        <div className="precedence-grid">
          <Order title="delegate_task" steps={DELEGATION_STEPS} decision={d} testId="precedence-delegation" />
          <Order title="Chat (hermes chat)" steps={CHAT_STEPS} decision={d?.chat ?? null} testId="precedence-chat" />
        </div>
        <details className="heuristic">
          <summary className="small">The toolset heuristic (last step)</summary>
          <ul className="small">
            {props.heuristic.map((h) => (
              <li key={h.profile}>
                <span className="mono">{h.toolsets.join(', ')}</span> → <span className="mono">{h.profile}</span>
              </li>
            ))}
            <li>anything else → <span className="mono">chat</span></li>
          </ul>
        </details>
      </div>
    </section>
  );
}
