/**
 * Model settings: the provider/model catalog, the main and auxiliary model assignments, and the
 * Hermes-dashboard-compatible REST endpoints for them (`GET /api/model/options`,
 * `GET /api/model/auxiliary`, `POST /api/model/set`).
 *
 * REST-bound responses keep Hermes's field names and shapes exactly (snake_case rows, `stale_aux`,
 * `confirm_required`, …) so scripts written for the Hermes dashboard work unchanged; fields only this
 * app uses are added alongside (extra fields are ignored by Hermes clients).
 */
import { z } from 'zod';
import { AuthSourceSchema, ModelCapabilitiesSchema, ModelPricingSchema } from '../domain/providers';
import { Hash } from './common';
import { channel } from './define';

/** A query-string flag: `1`, `true`, `yes`, `on` (any case) are true; everything else false. */
const QueryFlag = z.preprocess((v) => {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return ['1', 'true', 'yes', 'on'].includes(v.trim().toLowerCase());
  return false;
}, z.boolean());

// ------------------------------------------------------------------------------------------ catalog

/** Why a live list could not be fetched, in plain words (never response bodies, never keys). */
export const CatalogErrorSchema = z.object({
  kind: z.enum(['timeout', 'unreachable', 'tls', 'auth', 'not_found', 'rate_limited', 'redirect', 'http', 'bad_response']),
  message: z.string(),
});
export type CatalogError = z.infer<typeof CatalogErrorSchema>;

/**
 * Per-provider state of the live model list.
 * - `fresh`: fetched within the cache lifetime; `stale`: an older list is shown (and usually being
 *   refreshed); `loading`: nothing cached yet, first fetch under way; `failed`: nothing cached and the
 *   last fetch failed (`error` says why); `curated`: no live list for this provider (`reason` says why).
 */
export const CatalogStatusSchema = z.object({
  state: z.enum(['fresh', 'stale', 'loading', 'failed', 'curated']),
  fetchedAt: z.string().nullable(),
  refreshing: z.boolean(),
  liveCount: z.number().int().nonnegative(),
  error: CatalogErrorSchema.optional(),
  reason: z.string().optional(),
  /** The `/models` URL (no credentials in it). */
  url: z.string().optional(),
});
export type CatalogStatus = z.infer<typeof CatalogStatusSchema>;

/** A model as the picker shows it. */
export const PickerModelSchema = z.object({
  id: z.string().min(1),
  label: z.string().optional(),
  description: z.string().optional(),
  /** Context window in tokens, when known (config override > live > models.dev snapshot). */
  contextWindow: z.number().int().positive().optional(),
  /** Where `contextWindow` came from; `estimate` = Hermes's family table (shown as "~"). */
  contextSource: z.enum(['config', 'live', 'catalog', 'estimate']).optional(),
  maxOutput: z.number().int().positive().optional(),
  capabilities: ModelCapabilitiesSchema,
  family: z.string().optional(),
  /** USD per million tokens. */
  pricing: ModelPricingSchema.optional(),
  /** Where the price came from: the provider's live list, Hermes's models.dev cache, or the app's bundled snapshot. */
  pricingSource: z.enum(['live', 'hermes-cache', 'snapshot']).optional(),
  /** `curated` (bundled list), `live` (the provider's /models), `config` (config.yaml). */
  source: z.enum(['curated', 'live', 'config']),
  /** The id Hermes's normalisation writes for this provider, when it differs from `id`. */
  writeAs: z.string().optional(),
});
export type PickerModel = z.infer<typeof PickerModelSchema>;

/** One provider row: Hermes's `/api/model/options` row, plus this app's extras. */
export const ProviderOptionSchema = z.object({
  // Hermes fields
  slug: z.string(),
  name: z.string(),
  is_current: z.boolean(),
  is_user_defined: z.boolean(),
  /** Model ids (Hermes: empty for providers that are not set up). */
  models: z.array(z.string()),
  total_models: z.number().int().nonnegative(),
  source: z.string(),
  api_url: z.string().optional(),
  authenticated: z.boolean(),
  auth_type: z.string(),
  key_env: z.string(),
  warning: z.string().nullable(),
  pricing: z.record(z.string(), z.object({ input: z.string(), output: z.string(), cache: z.string(), free: z.boolean() })),
  capabilities: z.record(z.string(), z.object({ fast: z.boolean(), reasoning: z.boolean() })),
  // Extras
  /** Every model the picker offers, with metadata (also for providers that are not set up). */
  model_details: z.array(PickerModelSchema),
  auth: z.object({
    via: z.array(AuthSourceSchema),
    /** How to set the provider up (which env var, or which login command). */
    hint: z.string(),
  }),
  catalog: CatalogStatusSchema,
  key_env_vars: z.array(z.string()),
  aggregator: z.boolean(),
  enabled: z.boolean(),
  /** Other spellings Hermes accepts for this provider (read, never written). */
  aliases: z.array(z.string()),
});
export type ProviderOption = z.infer<typeof ProviderOptionSchema>;

export const ModelOptionsRequest = z.object({
  /** Re-fetch every live list now (waits, within each provider's timeout). */
  refresh: QueryFlag.optional(),
  /** Also list providers that are not set up (Hermes: with 0 models). */
  include_unconfigured: QueryFlag.optional(),
  /** Accepted for Hermes compatibility; has no effect. */
  explicit_only: QueryFlag.optional(),
});

export const ModelOptionsSchema = z.object({
  providers: z.array(ProviderOptionSchema),
  /** The main model and provider as configured (provider canonicalised). */
  model: z.string(),
  provider: z.string(),
  // Extras
  hash: Hash,
  minimum_context_length: z.number().int(),
});
export type ModelOptions = z.infer<typeof ModelOptionsSchema>;

// ---------------------------------------------------------------------------------------- auxiliary

export const AuxTaskInfoSchema = z.object({
  key: z.string(),
  label: z.string(),
  hint: z.string(),
  /** `dashboard`: one of the 11 Hermes dashboard slots (shown first); `more`: the rest. */
  group: z.enum(['dashboard', 'more']),
  origin: z.enum(['default', 'newer-upstream', 'plugin', 'config']),
  configured: z.boolean(),
  defaultTimeout: z.number().optional(),
  /** Models below this context window are skipped by Hermes for this task (compression). */
  minContextLength: z.number().int().optional(),
  /** The task feeds images to its model (vision). */
  needsVision: z.boolean(),
});
export type AuxTaskInfo = z.infer<typeof AuxTaskInfoSchema>;

export const ModelAuxiliarySchema = z.object({
  // Hermes fields: the 11 dashboard slots
  tasks: z.array(z.object({ task: z.string(), provider: z.string(), model: z.string(), base_url: z.string() })),
  main: z.object({ provider: z.string(), model: z.string() }),
  // Extras: every task Switchboard offers (dashboard slots first, then "more")
  universe: z.array(AuxTaskInfoSchema),
  hash: Hash,
});
export type ModelAuxiliary = z.infer<typeof ModelAuxiliarySchema>;

// ------------------------------------------------------------------------------------------- writes

export const StaleAuxSchema = z.object({ task: z.string(), provider: z.string(), model: z.string() });
export type StaleAux = z.infer<typeof StaleAuxSchema>;

/** What every successful write also reports (extras on the Hermes shapes). */
const WriteExtras = {
  changed: z.boolean(),
  hash: Hash,
  backupId: z.string().nullable(),
  summary: z.string(),
};

/** `POST /api/model/set` without confirmation: the expensive-model guard asks first. */
export const ConfirmRequiredSchema = z.object({
  ok: z.literal(false),
  confirm_required: z.literal(true),
  confirm_message: z.string(),
});

export const SetMainResultSchema = z.object({
  ok: z.literal(true),
  scope: z.literal('main'),
  provider: z.string(),
  model: z.string(),
  base_url: z.string(),
  gateway_tools: z.array(z.string()),
  /** Auxiliary tasks pinned to a provider other than the new main one. */
  stale_aux: z.array(StaleAuxSchema),
  /** Not in Hermes: what the write did that may not work, e.g. a provider Switchboard does not know (written as given). */
  warnings: z.array(z.string()),
  ...WriteExtras,
});
export type SetMainResult = z.infer<typeof SetMainResultSchema>;

export const SetAuxResultSchema = z.object({
  ok: z.literal(true),
  scope: z.literal('auxiliary'),
  /** Tasks written. */
  tasks: z.array(z.string()),
  provider: z.string(),
  model: z.string(),
  /** Present (true) for a reset to auto. */
  reset: z.boolean().optional(),
  /** Not in Hermes: what the write did that may not work, e.g. a provider Switchboard does not know (written as given). */
  warnings: z.array(z.string()),
  ...WriteExtras,
});
export type SetAuxResult = z.infer<typeof SetAuxResultSchema>;

const ProviderIn = z.string().trim().max(200);
const ModelIn = z.string().trim().max(500);

/** The Hermes body of `POST /api/model/set`. */
export const ModelSetRequest = z.object({
  scope: z.enum(['main', 'auxiliary']),
  provider: ProviderIn.default(''),
  model: ModelIn.default(''),
  /** Auxiliary: one task, `""` = the 11 dashboard slots, `"__reset__"` = those slots back to auto. */
  task: z.string().trim().max(100).default(''),
  base_url: z.string().trim().max(2000).optional(),
  api_key: z.string().max(4000).optional(),
  confirm_expensive_model: z.boolean().optional(),
  /** Hermes operates on another profile with this; Switchboard edits the open profile only. */
  profile: z.string().max(200).optional(),
  /** Not in Hermes: refuse when config.yaml changed (in the paths this write depends on) since this version. */
  baseHash: Hash.optional(),
});

/** Set the main model (the UI's channel; the same semantics as `POST /api/model/set` scope main). */
export const SetMainRequest = z.object({
  provider: ProviderIn.min(1),
  model: ModelIn.min(1),
  /** A bare `custom` endpoint's URL (as `base_url` in `POST /api/model/set`). */
  baseUrl: z.string().trim().max(2000).optional(),
  baseHash: Hash.nullable(),
  confirmExpensive: z.boolean().optional(),
});

/**
 * Set auxiliary task models. `task`: one task key, `""` = all tasks, `"__reset__"` = reset to auto.
 * `all` says what "all" means: `dashboard` (Hermes's 11 slots, the REST meaning) or `universe`
 * (every task Switchboard lists, including the ones under "more"). `tasks` names an explicit set
 * instead (e.g. the stale tasks after a main-provider switch).
 */
export const SetAuxRequest = z.object({
  task: z.string().trim().max(100),
  tasks: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  all: z.enum(['dashboard', 'universe']).default('universe'),
  provider: ProviderIn.default(''),
  model: ModelIn.default(''),
  /** A bare `custom` endpoint's URL (as `base_url` in `POST /api/model/set`). */
  baseUrl: z.string().trim().max(2000).optional(),
  baseHash: Hash.nullable(),
  confirmExpensive: z.boolean().optional(),
});

export const RefreshCatalogRequest = z.object({
  /** One provider slug; omitted = every provider with a live list. */
  provider: z.string().max(200).optional(),
});

export const modelChannels = {
  'models.options': channel({
    summary: 'Providers and their models (curated + live + config) with auth and catalog status; never waits for the network unless refresh is set.',
    request: ModelOptionsRequest,
    response: ModelOptionsSchema,
    rest: { method: 'GET', path: '/api/model/options' },
  }),
  'models.auxiliary': channel({
    summary: 'Auxiliary task assignments (the 11 dashboard slots) and the main model, plus every task Switchboard offers.',
    request: z.object({}),
    response: ModelAuxiliarySchema,
    rest: { method: 'GET', path: '/api/model/auxiliary' },
  }),
  'models.set': channel({
    summary: 'Hermes-compatible model assignment (main or auxiliary), with Hermes write semantics.',
    request: ModelSetRequest,
    response: z.union([SetMainResultSchema, SetAuxResultSchema, ConfirmRequiredSchema]),
    rest: { method: 'POST', path: '/api/model/set' },
    mutates: true,
  }),
  'models.setMain': channel({
    summary: 'Set model.provider and model.default (provider canonicalised, model id normalised).',
    request: SetMainRequest,
    response: z.union([SetMainResultSchema, ConfirmRequiredSchema]),
    mutates: true,
  }),
  'models.setAux': channel({
    summary: 'Set (or reset to auto) the model of one, several or all auxiliary tasks.',
    request: SetAuxRequest,
    response: z.union([SetAuxResultSchema, ConfirmRequiredSchema]),
    mutates: true,
  }),
  'models.refreshCatalog': channel({
    summary: 'Start re-fetching live model lists; results arrive as catalog.updated events.',
    request: RefreshCatalogRequest,
    response: z.object({ started: z.array(z.string()) }),
  }),
};
