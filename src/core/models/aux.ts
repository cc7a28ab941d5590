/**
 * Auxiliary tasks as the Model Settings panel and `GET /api/model/auxiliary` see them: the union of
 * the tasks in config.yaml, Hermes's DEFAULT_CONFIG tasks and plugin-registered ones — the
 * dashboard's 11 first, the rest under "more".
 */
import type { AuxTaskInfo, ModelAuxiliary } from '../../shared/contract/models';
import { summarizeMain } from '../config/config-summary';
import { isPlainObject } from '../config/plain-value';
import { auxTaskUniverse, DASHBOARD_AUX_TASK_KEYS, DEFAULT_AUX_TASKS } from '../providers';
import type { ModelsHomeContext } from './home-context';

const DEFAULT_BY_KEY = new Map(DEFAULT_AUX_TASKS.map((t) => [t.key, t]));

export function auxUniverse(ctx: Pick<ModelsHomeContext, 'configJs' | 'pluginAuxTasks'>): AuxTaskInfo[] {
  return auxTaskUniverse(ctx.configJs.auxiliary, ctx.pluginAuxTasks).map((t) => {
    const def = DEFAULT_BY_KEY.get(t.key);
    return {
      key: t.key,
      label: t.label,
      hint: t.hint,
      group: t.group,
      origin: t.origin,
      configured: t.configured,
      ...(t.defaultTimeout !== undefined && { defaultTimeout: t.defaultTimeout }),
      ...(def?.minContextLength !== undefined && { minContextLength: def.minContextLength }),
      needsVision: t.key === 'vision',
    };
  });
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** `GET /api/model/auxiliary`: the 11 dashboard slots (Hermes shape) plus the whole universe. */
export function buildAuxiliary(ctx: ModelsHomeContext): ModelAuxiliary {
  const aux = isPlainObject(ctx.configJs.auxiliary) ? ctx.configJs.auxiliary : {};
  const main = summarizeMain(ctx.configJs);
  return {
    tasks: DASHBOARD_AUX_TASK_KEYS.map((task) => {
      const block = isPlainObject(aux[task]) ? aux[task] : {};
      const model = str(block.model);
      return { task, provider: str(block.provider) || 'auto', model: model === 'auto' ? '' : model, base_url: str(block.base_url) };
    }),
    main: { provider: main.provider, model: main.model },
    universe: auxUniverse(ctx),
    hash: ctx.configHash,
  };
}
