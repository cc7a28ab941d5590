import type { ReactNode } from 'react';
import type { ModelCard } from '../../../../shared/domain/usage';
import { Badge } from '../../components/ui/Feedback';
import { exactTime, relativeTime } from '../../lib/format';
import { CostLabel } from './CostLabel';
import { UNDER_REPORT_NOTE } from './InfoTip';
import type { CardRoles } from './roles';
import { TokenBar } from './TokenBar';
import { compactNumber, compactSize, exactNumber, shortModelName } from './usage-format';

function Stat({ label, value, title, testId }: { label: string; value: ReactNode; title?: string; testId?: string }) {
  return (
    <div className="ucard-stat" title={title}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

/**
 * One model's usage in the period: rank, name, roles in the live config, providers and capabilities,
 * tokens with their split, activity, cost with its status, and the auxiliary tasks that used it.
 * `useAs` is the rendered "Use as" control (wired by the model-settings feature).
 */
export function ModelUsageCard({ card, roles, useAs }: { card: ModelCard; roles: CardRoles; useAs?: ReactNode }) {
  const short = shortModelName(card.model);
  const caps = card.capabilities;
  // Legacy sessions that never recorded a route and used nothing (Hermes folds them too) get no badge.
  const providers = card.providers.filter((p) => p.provider !== null || p.tokens > 0);
  return (
    <article className={`ucard${roles.main ? ' is-main' : ''}`} data-testid="usage-card" data-model={card.model} aria-labelledby={`ucard-${card.rank}`}>
      <header className="ucard-head">
        <span className="ucard-rank" aria-label={`rank ${card.rank}`}>
          #{card.rank}
        </span>
        <div className="ucard-title">
          <h3 id={`ucard-${card.rank}`} title={card.model} data-testid="usage-card-name">
            {short}
          </h3>
          {short !== card.model && <div className="ucard-id mono">{card.model}</div>}
        </div>
        {/* LEAD: the "Use as" dropdown (Main model · All auxiliary tasks · each task, current one marked)
            goes here, rendered by the model-settings feature through UsagePanel's `renderUseAs` prop and wired
            to models.setMain / models.setAux. `roles` says which slots are current. */}
        {useAs && <div className="ucard-use-as">{useAs}</div>}
      </header>

      <div className="ucard-badges" data-testid="usage-card-badges">
        {roles.main && (
          <Badge tone="accent" title="The main model in config.yaml (model.provider · model.default)">
            main
          </Badge>
        )}
        {roles.aux.map((task) => (
          <Badge key={task} tone="accent" title={`auxiliary.${task} uses this model`}>
            aux · {task}
          </Badge>
        ))}
        {roles.autoAux.length > 0 && (
          <Badge tone="default" title={`Set to auto, so they use the main model first: ${roles.autoAux.join(', ')}`}>
            aux · auto ({roles.autoAux.length})
          </Badge>
        )}
        {providers.map((p) => (
          <Badge key={p.provider ?? '(none)'} title={`${p.sessions} main sessions, ${exactNumber(p.tokens)} tokens via ${p.provider ?? 'no recorded route'}`}>
            {p.provider ?? 'unknown route'}
          </Badge>
        ))}
      </div>

      <div className="ucard-total">
        <span className="ucard-total-value" data-testid="usage-card-tokens" data-value={card.tokens.total} title={`${exactNumber(card.tokens.total)} input + output tokens`}>
          {compactNumber(card.tokens.total)}
        </span>
        <span className="ucard-total-label">tokens in + out</span>
        {card.aux.length > 0 && card.main.tokens.total > 0 && (
          <span className="ucard-total-split faint" title="Main agent loop / auxiliary tasks">
            {compactNumber(card.main.tokens.total)} main · {compactNumber(card.tokens.total - card.main.tokens.total)} aux
          </span>
        )}
      </div>
      <TokenBar tokens={card.tokens} testId="usage-card-split" />

      <dl className="ucard-stats">
        <Stat
          label="Sessions"
          value={card.sessions > 0 ? card.sessions : <span className="faint">aux only</span>}
          testId="usage-card-sessions"
          title={card.sessions > 0 ? 'Sessions whose main model is this one' : 'No session used it as the main model; auxiliary tasks did (below)'}
        />
        <Stat label="API calls" value={exactNumber(card.apiCalls)} testId="usage-card-api" title={`${exactNumber(card.main.apiCalls)} main loop + ${exactNumber(card.apiCalls - card.main.apiCalls)} auxiliary`} />
        <Stat label="Tool calls" value={exactNumber(card.toolCalls)} testId="usage-card-tools" />
        <Stat label="Avg / session" value={card.sessions > 0 ? compactNumber(card.avgTokensPerSession) : '—'} title="Main-loop input + output tokens per session" />
        <Stat
          label="Last used"
          value={card.lastUsedAt !== null ? relativeTime(card.lastUsedAt * 1000) : '—'}
          title={card.lastUsedAt !== null ? exactTime(card.lastUsedAt * 1000) : undefined}
          testId="usage-card-last"
        />
      </dl>

      <div className="ucard-cost">
        <span className="ucard-cost-label">Cost</span>
        <CostLabel cost={card.cost} testId="usage-card-cost" extraTitle={UNDER_REPORT_NOTE} />
      </div>

      {caps && (
        <div className="ucard-caps" aria-label="Capabilities (models.dev)">
          {caps.supports_tools && <Badge>Tools</Badge>}
          {caps.supports_vision && <Badge>Vision</Badge>}
          {caps.supports_reasoning && <Badge>Reasoning</Badge>}
          {caps.model_family && <Badge>{caps.model_family}</Badge>}
          {caps.context_window !== null && <span className="faint small" title={`${exactNumber(caps.context_window)} tokens context window`}>{compactSize(caps.context_window)} ctx</span>}
          {caps.max_output_tokens !== null && <span className="faint small" title={`${exactNumber(caps.max_output_tokens)} max output tokens`}>{compactSize(caps.max_output_tokens)} out</span>}
        </div>
      )}

      {card.aux.length > 0 && (
        <table className="ucard-aux" data-testid="usage-card-aux">
          <caption>Auxiliary tasks on this model</caption>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Tokens</th>
              <th scope="col">Calls</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {card.aux.map((a) => (
              <tr key={`${a.task}\u0000${a.provider}`} data-task={a.task}>
                <th scope="row" title={`${a.task} via ${a.provider || 'unknown provider'} in ${a.sessions} sessions`}>
                  {a.task}
                  {card.providers.length > 1 && <span className="faint"> · {a.provider}</span>}
                </th>
                <td title={`${exactNumber(a.tokens.total)} input + output`}>{compactNumber(a.tokens.total)}</td>
                <td>{exactNumber(a.apiCalls)}</td>
                <td>
                  <CostLabel cost={a.cost} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
