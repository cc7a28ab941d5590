import { useConfig } from '../../app/config-context';
import { Badge, EmptyState, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { ConfigErrorView } from '../config/ConfigErrorView';
import { UsagePanel } from '../usage/UsagePanel';

/** Model settings as Hermes will read them: the main model and every auxiliary task in config.yaml. */
export function ModelsPage() {
  const config = useConfig();
  const state = config.state;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Models</h1>
          <div className="subtitle">Main and side-task models from config.yaml. Changes apply to new Hermes sessions.</div>
        </div>
      </div>
      {config.error && <ErrorNotice error={config.error} title="Could not read config.yaml" />}
      {!state && !config.error && <Loading />}
      {state && state.readOnly && <ConfigErrorView state={state} />}
      {state && !state.readOnly && (
        <section className="card" data-testid="model-settings">
          <div className="card-header">
            <h2>Model settings</h2>
            <span className="hint">applies to new sessions</span>
          </div>
          {!state.exists && (
            <div className="card-body">
              <EmptyState title="No config.yaml yet">This profile has no config.yaml; Hermes runs on its defaults.</EmptyState>
            </div>
          )}
          {state.exists && (
            <div className="slot-list">
              <div className="slot-row" data-testid="main-model-row">
                <div className="slot-name">
                  Main model
                  <span className="hint">model.provider · model.default</span>
                </div>
                <div className={`slot-value${state.main.form === 'unset' ? ' auto' : ''}`} data-testid="main-model-value">
                  {state.main.form === 'unset' ? 'unset (Hermes picks a provider from your keys)' : `${state.main.provider} · ${state.main.model || '(no model)'}`}
                </div>
                <div>{state.main.form === 'string' && <Badge tone="warn" title="model: is a bare string; Switchboard writes a mapping when you change it">legacy string form</Badge>}</div>
              </div>
              {state.auxiliary.length === 0 && (
                <div className="slot-row">
                  <div className="slot-name">Auxiliary tasks</div>
                  <div className="slot-value auto">none listed in config.yaml — every side task uses the main model</div>
                  <div />
                </div>
              )}
              {state.auxiliary.map((slot) => (
                <div className="slot-row" key={slot.task} data-testid={`aux-row-${slot.task}`}>
                  <div className="slot-name">
                    {slot.task}
                    <span className="hint">auxiliary.{slot.task}</span>
                  </div>
                  <div className={`slot-value${slot.isAuto ? ' auto' : ''}`} data-testid={`aux-value-${slot.task}`}>
                    {slot.isAuto ? 'auto (use main model)' : `${slot.provider} · ${slot.model || '(provider default)'}`}
                  </div>
                  <div>{slot.baseUrl && <Badge title={slot.baseUrl}>custom URL</Badge>}</div>
                </div>
              ))}
            </div>
          )}
        </section>
      )}
      <UsagePanel />
    </>
  );
}
