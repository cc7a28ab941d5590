import * as Menu from '@radix-ui/react-dropdown-menu';
import type { AuxTaskInfo } from '../../../../shared/contract/models';
import type { ModelCard } from '../../../../shared/domain/usage';
import { routeForCard } from '../../../../shared/models/card-route';
import { useConfig } from '../../app/config-context';
import type { CardRoles } from '../usage/roles';
import type { ModelAssignment, UseAsSlot } from './use-model-assignment';

/**
 * The route a usage card's model was used through: the billing provider with the most tokens.
 * Hermes records `billing_provider` per call, so this is the provider the id was sent to.
 */
export function assignableProvider(card: ModelCard): string | null {
  const routes = [...card.providers].filter((p) => p.provider && p.provider.trim() !== '').sort((a, b) => b.tokens - a.tokens);
  return routes[0]?.provider ?? null;
}

/**
 * "Use as" on a usage card or a custom endpoint: make the model the main model, the model of every
 * auxiliary task, or of one task. It goes through the same checks and confirmations as the picker
 * (`useModelAssignment`): problems are shown before anything is written, "All auxiliary tasks" lists
 * every task's change first, and a card recorded under the bare `custom` provider is written as the
 * endpoint it came from (or asks which one).
 */
export function UseAsMenu({
  provider,
  model,
  roles,
  tasks,
  assign,
  unavailable,
  testId,
}: {
  provider: string | null;
  model: string;
  roles: CardRoles;
  tasks: readonly AuxTaskInfo[];
  assign: ModelAssignment;
  /** Why the menu cannot be used (shown as the button's tooltip). */
  unavailable?: string;
  testId: string;
}) {
  const config = useConfig();
  const disabled = provider === null || !model || assign.pending || !!unavailable;
  const route = provider === null ? null : routeForCard(provider, model, assign.options, config.state?.main, config.state?.auxiliary ?? []);
  const via =
    route === null
      ? null
      : route.kind === 'ask'
        ? 'recorded as “custom”: you pick the endpoint'
        : route.endpoint
          ? `written as ${route.choice.baseUrl !== undefined ? `custom at ${route.choice.baseUrl}` : route.choice.provider} (${route.endpoint.label})`
          : null;
  const pick = (slot: UseAsSlot) => {
    if (route !== null) void assign.assignCard(route, model, slot);
  };
  return (
    <Menu.Root>
      <Menu.Trigger asChild>
        <button
          type="button"
          className="btn btn-sm"
          disabled={disabled}
          title={unavailable ?? (provider === null ? 'No provider was recorded for this model, so it cannot be assigned from here.' : `Assign ${provider} · ${model}`)}
          data-testid={testId}
        >
          Use as ▾
        </button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className="menu" align="end" sideOffset={4} collisionPadding={8} data-testid="use-as-menu">
          <Menu.Label className="menu-label">
            {provider} · {model}
            {via && (
              <span className="menu-sublabel" data-testid="use-as-route">
                {via}
              </span>
            )}
          </Menu.Label>
          <Menu.Item className="menu-item" onSelect={() => pick({ kind: 'main' })} data-testid="use-as-main">
            <span className="menu-check" aria-hidden="true">
              {roles.main ? '✓' : ''}
            </span>
            Main model
          </Menu.Item>
          <Menu.Item className="menu-item" onSelect={() => pick({ kind: 'all' })} data-testid="use-as-all-aux">
            <span className="menu-check" aria-hidden="true">
              {tasks.length > 0 && tasks.every((t) => roles.aux.includes(t.key)) ? '✓' : ''}
            </span>
            All auxiliary tasks ({tasks.length})…
          </Menu.Item>
          <Menu.Separator className="menu-separator" />
          {tasks.map((t) => (
            <Menu.Item key={t.key} className="menu-item" onSelect={() => pick({ kind: 'task', task: t.key })} data-testid={`use-as-task-${t.key}`}>
              <span className="menu-check" aria-hidden="true">
                {roles.aux.includes(t.key) ? '✓' : ''}
              </span>
              {t.label}
              {roles.aux.includes(t.key) && <span className="visually-hidden"> (current)</span>}
            </Menu.Item>
          ))}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
