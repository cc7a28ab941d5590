import type { AuxSlot, MainModel } from '../../shared/contract/config';
import { auxLabel, mainLabel } from './change-summary';
import { isPlainObject } from './plain-value';

/** The main model as Hermes reads it: a mapping, or the legacy bare string meaning `{default: …}`. */
export function summarizeMain(config: unknown): MainModel {
  const model = isPlainObject(config) ? config.model : undefined;
  if (typeof model === 'string' && model.trim() !== '') {
    return { form: 'string', provider: 'auto', model: model.trim(), baseUrl: '', apiMode: '', contextLength: null, label: mainLabel(model) };
  }
  if (!isPlainObject(model)) {
    return { form: 'unset', provider: 'auto', model: '', baseUrl: '', apiMode: '', contextLength: null, label: 'unset' };
  }
  const id = str(model.default) || str(model.model) || str(model.name);
  const ctx = typeof model.context_length === 'number' && model.context_length > 0 ? model.context_length : null;
  return {
    form: 'mapping',
    provider: str(model.provider) || 'auto',
    model: id,
    baseUrl: str(model.base_url) || str(model.api_base),
    apiMode: str(model.api_mode),
    contextLength: ctx,
    label: mainLabel(model),
  };
}

/** Every auxiliary task block in config.yaml, in file order (scalars like transient_retries skipped). */
export function summarizeAux(config: unknown): AuxSlot[] {
  const aux = isPlainObject(config) ? config.auxiliary : undefined;
  if (!isPlainObject(aux)) return [];
  const out: AuxSlot[] = [];
  for (const [task, block] of Object.entries(aux)) {
    if (!isPlainObject(block)) continue;
    out.push(auxSlot(task, block));
  }
  return out;
}

export function auxSlot(task: string, block: unknown): AuxSlot {
  const b = isPlainObject(block) ? block : {};
  const provider = str(b.provider) || 'auto';
  const model = str(b.model) === 'auto' ? '' : str(b.model);
  return { task, provider, model, baseUrl: str(b.base_url), isAuto: provider === 'auto' && model === '', label: auxLabel(b) };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}
