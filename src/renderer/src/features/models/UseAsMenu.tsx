import * as Menu from '@radix-ui/react-dropdown-menu';
import type { AuxTaskInfo } from '../../../../shared/contract/models';
import type { ModelCard } from '../../../../shared/domain/usage';
import type { CardRoles } from '../usage/roles';
import type { useModelAssignment } from './use-model-assignment';

/**
 * The route a usage card's model was used through: the billing provider with the most tokens.
 * Hermes records `billing_provider` per call, so this is the provider the id was sent to.
 */
export function assignableProvider(card: ModelCard): string | null {
  const routes = [...card.providers].filter((p) => p.provider && p.provider.trim() !== '').sort((a, b) => b.tokens - a.tokens);
  return routes[0]?.provider ?? null;
}

/**
 * "Use as" on a usage card or a custom endpoint: make the model the main model, the model of every auxiliary task, or
 * of one task. The current assignments are checked; the write is the same one the Model Settings
 * panel makes (baseHash, expensive-model guard, backup, Undo).
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
  assign: ReturnType<typeof useModelAssignment>;
  /** Why the menu cannot be used (shown as the button's tooltip). */
  unavailable?: string;
  testId: string;
}) {
  const disabled = provider === null || !model || assign.pending || !!unavailable;
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
        <Menu.Content className="menu" align="end" sideOffset={4} data-testid="use-as-menu">
          <Menu.Label className="menu-label">
            {provider} · {model}
          </Menu.Label>
          <Menu.Item className="menu-item" onSelect={() => void assign.setMain(provider!, model)} data-testid="use-as-main">
            <span className="menu-check" aria-hidden="true">
              {roles.main ? '✓' : ''}
            </span>
            Main model
          </Menu.Item>
          <Menu.Item className="menu-item" onSelect={() => void assign.setAux({ all: 'universe' }, provider!, model)} data-testid="use-as-all-aux">
            <span className="menu-check" aria-hidden="true">
              {tasks.length > 0 && tasks.every((t) => roles.aux.includes(t.key)) ? '✓' : ''}
            </span>
            All auxiliary tasks ({tasks.length})
          </Menu.Item>
          <Menu.Separator className="menu-separator" />
          {tasks.map((t) => (
            <Menu.Item key={t.key} className="menu-item" onSelect={() => void assign.setAux({ task: t.key }, provider!, model)} data-testid={`use-as-task-${t.key}`}>
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
