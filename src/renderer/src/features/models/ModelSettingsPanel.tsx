import { useState } from 'react';
import type { AuxSlot } from '../../../../shared/contract/config';
import type { AuxTaskInfo, ModelOptions } from '../../../../shared/contract/models';
import { useConfig } from '../../app/config-context';
import { Button } from '../../components/ui/Button';
import { Badge, Banner, EmptyState, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { findModel, findProviderRow, formatContext, slotLabel, type PickerTarget } from './model-format';
import { ModelPicker } from './ModelPicker';
import { plainHint } from './RichHint';
import type { ModelAssignment } from './use-model-assignment';
import type { ModelCatalog } from './use-model-catalog';

interface PickerState {
  target: PickerTarget;
  title: string;
  description: string;
  applyLabel: string;
  current: { provider: string; model: string } | null;
  /** The slot is auto: the picker opens on its "auto (use main model)" entry. */
  currentAuto: boolean;
}

function autoSlot(task: string): AuxSlot {
  return { task, provider: 'auto', model: '', baseUrl: '', isAuto: true, label: 'auto' };
}

/** Small facts next to a slot value: provider name, context window, setup problems. */
function SlotMeta({ options, provider, model, task, baseUrl }: { options: ModelOptions | undefined; provider: string; model: string; task?: AuxTaskInfo; baseUrl?: string }) {
  const row = findProviderRow(options, provider);
  if (!row) return null;
  // A slot with its own base URL on the bare custom provider is its own endpoint: nothing to set up.
  const ownEndpoint = row.slug === 'custom' && baseUrl !== undefined && baseUrl !== '';
  const info = findModel(row, model);
  const floor = Math.max(options?.minimum_context_length ?? 64_000, task?.minContextLength ?? 0);
  const small = info?.contextWindow !== undefined && info.contextSource !== 'estimate' && info.contextWindow < floor;
  return (
    <span className="slot-meta">
      <span>{row.name}</span>
      {info?.contextWindow !== undefined && (
        <span className={small ? 'warn-text' : ''} title={info.contextSource === 'estimate' ? 'estimated from the model family' : 'context window'}>
          {info.contextSource === 'estimate' ? '~' : ''}
          {formatContext(info.contextWindow)} context
        </span>
      )}
      {!row.authenticated && !ownEndpoint && (
        <Badge tone="warn" title={plainHint(row.auth.hint)}>
          not set up
        </Badge>
      )}
      {task?.needsVision && info?.capabilities.vision === false && <Badge tone="warn">no image input</Badge>}
      {small && <Badge tone="warn">under {formatContext(floor)}</Badge>}
    </span>
  );
}

/**
 * Model Settings: the main model and every auxiliary task (the dashboard's 11 first, the rest under
 * "More"), each with Change; "All auxiliary tasks" and "Reset all to auto"; a banner after a
 * main-provider switch listing tasks still pinned elsewhere. Writes go through useModelAssignment.
 */
export function ModelSettingsPanel({ catalog, assign }: { catalog: ModelCatalog; assign: ModelAssignment }) {
  const config = useConfig();
  const state = config.state!;
  const { options, auxiliary, refresh } = catalog;
  const [picker, setPicker] = useState<PickerState | null>(null);
  const [showMore, setShowMore] = useState(false);

  const universe = auxiliary.data?.universe ?? [];
  const slotFor = (task: string) => state.auxiliary.find((s) => s.task === task) ?? autoSlot(task);
  const dashboard = universe.filter((t) => t.group === 'dashboard');
  const more = universe.filter((t) => t.group === 'more');
  const pinned = universe.filter((t) => !slotFor(t.key).isAuto);
  const morePinned = more.filter((t) => !slotFor(t.key).isAuto);

  const openMain = () =>
    setPicker({
      target: { kind: 'main' },
      title: 'Set main model',
      description: 'The model Hermes chats with. Applies to new sessions.',
      applyLabel: 'Set main model',
      current: state.main.form === 'unset' ? null : { provider: state.main.provider, model: state.main.model },
      currentAuto: false,
    });
  const openAux = (task: AuxTaskInfo) => {
    const slot = slotFor(task.key);
    setPicker({
      target: { kind: 'aux', task },
      title: `Model for ${task.label}`,
      description: `${task.hint}. Applies to new sessions.`,
      applyLabel: `Set for ${task.label}`,
      current: slot.isAuto ? null : { provider: slot.provider, model: slot.model },
      currentAuto: slot.isAuto,
    });
  };
  const openAll = () =>
    setPicker({
      target: { kind: 'aux-all', count: universe.length },
      title: 'Model for all auxiliary tasks',
      description: `Sets every one of the ${universe.length} tasks listed here — the ${dashboard.length} main ones and the ${more.length} under “More”. Timeouts and other settings stay. Applies to new sessions.`,
      applyLabel: `Set for all ${universe.length} tasks…`,
      current: null,
      currentAuto: false,
    });

  const onApply = async (provider: string, model: string): Promise<boolean> => {
    if (!picker) return false;
    const t = picker.target;
    const outcome =
      t.kind === 'main'
        ? await assign.setMain({ provider, model })
        : t.kind === 'aux'
          ? await assign.setAux({ task: t.task.key }, { provider, model })
          : await assign.setAux({ all: 'universe' }, { provider, model });
    return outcome === 'done';
  };
  const onAuto = async (): Promise<boolean> => {
    if (!picker) return false;
    const t = picker.target;
    const outcome = t.kind === 'aux' ? await assign.resetAux({ tasks: [t.task.key] }) : await assign.resetAux({ all: 'universe' });
    return outcome === 'done';
  };

  const taskRow = (task: AuxTaskInfo) => {
    const slot = slotFor(task.key);
    return (
      <div className="slot-row" key={task.key} data-testid={`aux-row-${task.key}`}>
        <div className="slot-name">
          {task.label}
          <span className="hint" title={`auxiliary.${task.key}`}>
            {task.hint}
          </span>
        </div>
        <div className="slot-value-wrap">
          <div className={`slot-value${slot.isAuto ? ' auto' : ''}`} data-testid={`aux-value-${task.key}`}>
            {slot.isAuto ? 'auto (use main model)' : slotLabel(slot.provider, slot.model)}
          </div>
          <div className="slot-meta-line">
            {!slot.isAuto && <SlotMeta options={options.data} provider={slot.provider} model={slot.model} task={task} baseUrl={slot.baseUrl} />}
            {slot.baseUrl && <Badge title={slot.baseUrl}>own base URL</Badge>}
            {task.origin === 'plugin' && <Badge>plugin</Badge>}
            <span className="slot-path">auxiliary.{task.key}</span>
          </div>
        </div>
        <div className="slot-actions">
          <Button size="sm" onClick={() => openAux(task)} data-testid={`aux-change-${task.key}`} aria-label={`Change the model for ${task.label}`}>
            Change
          </Button>
        </div>
      </div>
    );
  };

  if (!state.exists) {
    return (
      <section className="card" data-testid="model-settings">
        <div className="card-header">
          <h2>Model settings</h2>
        </div>
        <div className="card-body">
          <EmptyState title="No config.yaml yet">This profile has no config.yaml; Hermes runs on its defaults.</EmptyState>
        </div>
      </section>
    );
  }

  const conflict = assign.error?.code === 'CONFIG_CONFLICT' ? assign.error : null;
  return (
    <section className="card model-settings" data-testid="model-settings">
      <div className="card-header">
        <h2>Model settings</h2>
        <span className="hint">Changes apply to new Hermes sessions; running sessions keep their model.</span>
      </div>

      {conflict && (
        <div className="card-body">
          <ErrorNotice
            error={conflict}
            title="config.yaml changed outside Switchboard"
            actions={
              <Button
                size="sm"
                data-testid="conflict-reload"
                onClick={() => {
                  assign.clearError();
                  void config.reload();
                }}
              >
                Reload
              </Button>
            }
          />
        </div>
      )}

      <div className="slot-list">
        <div className="slot-row main-row" data-testid="main-model-row">
          <div className="slot-name">
            Main model
            <span className="hint">The model Hermes chats with</span>
          </div>
          <div className="slot-value-wrap">
            <div className={`slot-value${state.main.form === 'unset' ? ' auto' : ''}`} data-testid="main-model-value">
              {state.main.form === 'unset' ? 'unset (Hermes picks a provider from your keys)' : `${state.main.provider} · ${state.main.model || '(no model)'}`}
            </div>
            <div className="slot-meta-line">
              {state.main.form !== 'unset' && <SlotMeta options={options.data} provider={state.main.provider} model={state.main.model} baseUrl={state.main.baseUrl} />}
              {state.main.form === 'string' && (
                <Badge tone="warn" title="model: is a bare string; Switchboard writes a mapping when you change it">
                  legacy string form
                </Badge>
              )}
              {state.main.baseUrl && (
                <span className="mono small" title="model.base_url">
                  {state.main.baseUrl}
                </span>
              )}
              <span className="slot-path">model.provider · model.default</span>
            </div>
          </div>
          <div className="slot-actions">
            <Button size="sm" variant="primary" onClick={openMain} data-testid="main-model-change">
              Change
            </Button>
          </div>
        </div>
      </div>

      {assign.staleAux && (
        <div className="card-body stale-aux">
          <Banner
            tone="warn"
            testId="stale-aux-banner"
            title={`${assign.staleAux.length === 1 ? '1 auxiliary task still uses' : `${assign.staleAux.length} auxiliary tasks still use`} another provider`}
            actions={
              <>
                <Button size="sm" variant="primary" busy={assign.pending} data-testid="stale-aux-reset" onClick={() => void assign.resetAux({ tasks: assign.staleAux!.map((s) => s.task) }, true)}>
                  Reset those to auto
                </Button>
                <Button size="sm" variant="ghost" onClick={assign.dismissStale} data-testid="stale-aux-keep">
                  Keep them
                </Button>
              </>
            }
          >
            <div>They keep billing their own provider after the main-model switch. Reset them to follow the main model, or keep them pinned on purpose.</div>
            <ul className="stale-list">
              {assign.staleAux.map((s) => (
                <li key={s.task}>
                  <strong>{universe.find((t) => t.key === s.task)?.label ?? s.task}</strong> <span className="mono">{slotLabel(s.provider, s.model)}</span>
                </li>
              ))}
            </ul>
          </Banner>
        </div>
      )}

      <div className="aux-head">
        <div>
          <h3>Auxiliary tasks</h3>
          <div className="muted small" data-testid="aux-summary">
            {universe.length === 0 ? '…' : pinned.length === 0 ? `${universe.length} tasks · all auto (use the main model)` : `${pinned.length} with their own model · ${universe.length - pinned.length} auto`}
          </div>
        </div>
        <div className="actions">
          <Button size="sm" onClick={openAll} disabled={universe.length === 0} data-testid="aux-set-all">
            All auxiliary tasks…
          </Button>
          <Button size="sm" variant="danger" busy={assign.pending} onClick={() => void assign.resetAux({ all: 'universe' })} disabled={pinned.length === 0} data-testid="aux-reset-all">
            Reset all to auto…
          </Button>
        </div>
      </div>

      {auxiliary.error && !auxiliary.data && (
        <div className="card-body">
          <ErrorNotice error={auxiliary.error} title="Could not list the auxiliary tasks" />
        </div>
      )}
      {!auxiliary.data && !auxiliary.error && <Loading label="Loading tasks…" />}
      <div className="slot-list aux-list">{dashboard.map(taskRow)}</div>
      {more.length > 0 && (
        <>
          <button type="button" className="more-toggle" aria-expanded={showMore} onClick={() => setShowMore((v) => !v)} data-testid="aux-more-toggle">
            <span aria-hidden="true">{showMore ? '▾' : '▸'}</span> {showMore ? 'Fewer tasks' : `More tasks (${more.length})`}
            {!showMore && morePinned.length > 0 && <Badge tone="accent">{morePinned.length} with their own model</Badge>}
            <span className="faint small">tasks the Hermes dashboard does not show{more.some((t) => t.origin === 'plugin') ? ', incl. plugin tasks' : ''}</span>
          </button>
          {showMore && <div className="slot-list aux-list">{more.map(taskRow)}</div>}
        </>
      )}

      <ModelPicker
        open={picker !== null}
        onOpenChange={(open) => {
          if (!open) setPicker(null);
        }}
        title={picker?.title ?? ''}
        description={picker?.description ?? ''}
        target={picker?.target ?? { kind: 'main' }}
        options={options.data}
        optionsError={options.error}
        current={picker?.current ?? null}
        currentAuto={picker?.currentAuto ?? false}
        applyLabel={picker?.applyLabel ?? 'Apply'}
        onApply={onApply}
        {...(picker && picker.target.kind !== 'main' && { onAuto })}
        onRefresh={refresh}
        busy={assign.pending}
      />

    </section>
  );
}
