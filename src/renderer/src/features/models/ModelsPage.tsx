import { useConfig } from '../../app/config-context';
import { ErrorNotice, Loading } from '../../components/ui/Feedback';
import { ConfigErrorView } from '../config/ConfigErrorView';
import { UsagePanel } from '../usage/UsagePanel';
import { ModelSettingsPanel } from './ModelSettingsPanel';
import { assignableProvider, UseAsMenu } from './UseAsMenu';
import { useModelAssignment } from './use-model-assignment';
import { useModelCatalog } from './use-model-catalog';

/**
 * The Models page: Model Settings (main + auxiliary models) and, below it, usage analytics. One catalog
 * and one assignment flow serve both, so the picker and "Use as" share checks, dialogs and banners.
 */
export function ModelsPage() {
  const config = useConfig();
  const state = config.state;
  // After config.yaml is read: the settings appear first, the catalog fills in behind them.
  const catalog = useModelCatalog({ skip: !state || state.readOnly });
  const assign = useModelAssignment(catalog);
  const tasks = assign.universe;
  const canAssign = !!state && !state.readOnly;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Models</h1>
          <div className="subtitle">Which models Hermes uses, as it will read them from config.yaml. Changes apply to new Hermes sessions.</div>
        </div>
      </div>
      {config.error && <ErrorNotice error={config.error} title="Could not read config.yaml" />}
      {!state && !config.error && <Loading />}
      {state && state.readOnly && <ConfigErrorView state={state} />}
      {state && !state.readOnly && <ModelSettingsPanel catalog={catalog} assign={assign} />}
      <UsagePanel
        taskKeys={catalog.auxiliary.data ? tasks.map((t) => t.key) : undefined}
        renderUseAs={
          canAssign
            ? (card, roles) => <UseAsMenu provider={assignableProvider(card)} model={card.model} roles={roles} tasks={tasks} assign={assign} testId={`use-as-${card.model}`} />
            : undefined
        }
      />
      {assign.dialogs}
    </>
  );
}
