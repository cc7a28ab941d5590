import { ModelsService, RESET_TASK } from '../models/models-service';
import type { CoreServices, HandlersFor } from './types';

/**
 * Model settings: catalog (`models.options`, `models.refreshCatalog`), assignments (`models.setMain`,
 * `models.setAux`) and the Hermes-compatible REST channels (`models.set`, and the GET ones).
 */
export function modelHandlers(
  core: CoreServices,
): HandlersFor<'models.options' | 'models.auxiliary' | 'models.set' | 'models.setMain' | 'models.setAux' | 'models.refreshCatalog'> {
  const service = new ModelsService(core);
  return {
    'models.options': (input) => service.options({ refresh: input.refresh, includeUnconfigured: input.include_unconfigured }),

    'models.auxiliary': () => service.auxiliary(),

    'models.set': async (input) => {
      const common = {
        provider: input.provider,
        model: input.model,
        baseHash: input.baseHash ?? null,
        confirmExpensive: input.confirm_expensive_model,
        profile: input.profile,
        ...(input.base_url !== undefined && input.base_url !== '' && { baseUrl: input.base_url }),
        ...(input.api_key !== undefined && input.api_key !== '' && { apiKey: input.api_key }),
      };
      if (input.scope === 'main') return service.setMain(common);
      // Hermes: task "" = the 11 dashboard slots, "__reset__" = those slots back to auto.
      return service.setAux({ ...common, task: input.task, all: 'dashboard' });
    },

    'models.setMain': (input) =>
      service.setMain({
        provider: input.provider,
        model: input.model,
        ...(input.baseUrl !== undefined && input.baseUrl !== '' && { baseUrl: input.baseUrl }),
        baseHash: input.baseHash,
        confirmExpensive: input.confirmExpensive,
      }),

    'models.setAux': (input) =>
      service.setAux({
        task: input.task,
        ...(input.tasks !== undefined && { tasks: input.tasks }),
        all: input.all,
        provider: input.task.trim().toLowerCase() === RESET_TASK ? 'auto' : input.provider,
        model: input.model,
        ...(input.baseUrl !== undefined && input.baseUrl !== '' && { baseUrl: input.baseUrl }),
        baseHash: input.baseHash,
        confirmExpensive: input.confirmExpensive,
      }),

    'models.refreshCatalog': async (input) => ({ started: await service.refreshCatalog(input.provider) }),
  };
}
