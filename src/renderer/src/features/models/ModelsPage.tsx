import { useConfig } from '../../app/config-context';
import { ErrorNotice, Loading } from '../../components/ui/Feedback';
import { ConfigErrorView } from '../config/ConfigErrorView';
import { ModelSettingsPanel } from './ModelSettingsPanel';

/** The Models page: Model Settings (main + auxiliary models) and, below it, usage analytics. */
export function ModelsPage() {
  const config = useConfig();
  const state = config.state;
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
      {state && !state.readOnly && <ModelSettingsPanel />}

      {/* ─────────────── USAGE ANALYTICS INSERTION POINT ───────────────
          Render the usage section from `features/usage/` here, below Model Settings, e.g.
            {state && <UsageAnalytics />}
          A usage card's "Use as" menu assigns models with `useModelAssignment()` from
          `./use-model-assignment` (setMain / setAux({ task } | { all: 'dashboard' | 'universe' })),
          and renders its `dialogs` (the expensive-model confirmation).
          ─────────────────────────────────────────────────────────────── */}
    </>
  );
}
