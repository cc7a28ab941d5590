/**
 * Provider and model shapes that cross from the core to the UI (IPC and HTTP).
 *
 * These describe what Hermes Agent knows about inference providers — ids, auth, endpoints, wire
 * protocol — and what the editor derives from a profile's files (custom endpoints, auth status).
 * They carry names of env vars and whether a key exists, never a key value.
 */
import { z } from 'zod';

/**
 * Wire protocols Hermes accepts in `api_mode` (mirrors `hermes_cli/runtime_provider.py::_VALID_API_MODES`).
 * Anything else in a config file is ignored by Hermes, so the editor flags it instead of writing it.
 */
export const API_MODES = [
  'chat_completions',
  'codex_responses',
  'anthropic_messages',
  'bedrock_converse',
  'codex_app_server',
] as const;
export const ApiModeSchema = z.enum(API_MODES);
export type ApiMode = z.infer<typeof ApiModeSchema>;

/**
 * A provider's wire protocol as shown in the registry: a concrete mode, or a marker saying the mode is
 * chosen per model (Copilot, OpenCode, Azure Foundry) or from the endpoint URL (custom, OpenAI API).
 * `null` for providers that do not speak HTTP (Copilot ACP).
 */
export const ProviderApiModeSchema = z.union([ApiModeSchema, z.enum(['per-model', 'url-detected'])]).nullable();
export type ProviderApiMode = z.infer<typeof ProviderApiModeSchema>;

/**
 * Known auth types (`hermes_cli/auth.py` + `providers/base.py`). Plugins may declare others, so the
 * schema accepts any string; the UI treats unknown ones like `api_key`.
 */
export const KNOWN_AUTH_TYPES = [
  'api_key',
  'oauth_device_code',
  'oauth_external',
  'oauth_minimax',
  'external_process',
  'aws_sdk',
  'vertex',
  'copilot',
  'virtual',
] as const;
export type KnownAuthType = (typeof KNOWN_AUTH_TYPES)[number];

/** Where a provider row came from; drives badges and which editor (registry, plugin, config) owns it. */
export const ProviderSourceSchema = z.enum(['builtin', 'plugin', 'user-config', 'custom-providers', 'model-config']);
export type ProviderSource = z.infer<typeof ProviderSourceSchema>;

/** One selectable provider: a built-in, a plugin profile, or a user-defined endpoint. */
export const ProviderInfoSchema = z.object({
  /** Canonical id as written to `model.provider` (for `custom_providers` rows: `custom:<slug>`). */
  id: z.string().min(1),
  label: z.string(),
  authType: z.string(),
  /** Env vars holding the key, in the order Hermes tries them. */
  keyEnvVars: z.array(z.string()),
  baseUrlEnvVar: z.string().optional(),
  /** `null` when there is no fixed endpoint (user-provided, computed from other settings). */
  defaultBaseUrl: z.string().nullable(),
  /** Human hint when there is no fixed URL, e.g. `https://bedrock-runtime.{region}.amazonaws.com`. */
  baseUrlHint: z.string().optional(),
  apiMode: ProviderApiModeSchema,
  /** Aggregators take `vendor/model` ids (OpenRouter, Nous, Kilo Code). */
  aggregator: z.boolean(),
  source: ProviderSourceSchema,
  /** `false` when `providers.<id>.enabled: false` (or a disabled plugin) hides it from Hermes. */
  enabled: z.boolean(),
  /** Other spellings Hermes accepts for this id (never written by the editor). */
  aliases: z.array(z.string()).default([]),
  description: z.string().optional(),
});
export type ProviderInfo = z.infer<typeof ProviderInfoSchema>;

/** Prices in USD per million tokens (models.dev `cost`). */
export const ModelPricingSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheRead: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
});
export type ModelPricing = z.infer<typeof ModelPricingSchema>;

export const ModelCapabilitiesSchema = z.object({
  tools: z.boolean().optional(),
  vision: z.boolean().optional(),
  reasoning: z.boolean().optional(),
});
export type ModelCapabilities = z.infer<typeof ModelCapabilitiesSchema>;

/** A model as listed in a picker: curated (bundled), live (`/models`), or from the user's config. */
export const ModelInfoSchema = z.object({
  id: z.string().min(1),
  label: z.string().optional(),
  description: z.string().optional(),
  contextWindow: z.number().int().positive().optional(),
  maxOutput: z.number().int().positive().optional(),
  capabilities: ModelCapabilitiesSchema,
  family: z.string().optional(),
  pricing: ModelPricingSchema.optional(),
  source: z.enum(['curated', 'live', 'config']),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

/**
 * Where a usable credential was found. Names are env var names, auth.json provider ids, pool entry
 * labels or endpoint slugs — never values. `config` covers things that need no secret (an active bare
 * custom endpoint, MoA presets).
 */
export const AuthSourceSchema = z.object({
  kind: z.enum(['env', 'dotenv', 'auth-json', 'credential-pool', 'custom-endpoint', 'keychain', 'config']),
  name: z.string().optional(),
});
export type AuthSource = z.infer<typeof AuthSourceSchema>;

export const AuthStatusSchema = z.object({
  authenticated: z.boolean(),
  via: z.array(AuthSourceSchema),
});
export type AuthStatus = z.infer<typeof AuthStatusSchema>;

const CustomEndpointBaseSchema = z.object({
  name: z.string(),
  /** What `model.provider` must say to select this endpoint. */
  slug: z.string().min(1),
  baseUrl: z.string(),
  keyEnv: z.string().optional(),
  /** An `api_key` is written in config.yaml. Its value never leaves the core. */
  hasInlineKey: z.boolean(),
  /** When the inline key is a `${VAR}` / `${env:VAR}` reference: the variable's name. */
  inlineKeyEnvRef: z.string().optional(),
  apiMode: ApiModeSchema.optional(),
  model: z.string().optional(),
  models: z.record(z.string(), z.object({ contextLength: z.number().int().positive().optional() })),
  contextLength: z.number().int().positive().optional(),
  enabled: z.boolean(),
});

/** A user-defined OpenAI/Anthropic-compatible endpoint from `custom_providers` (list) or `providers` (map). */
export const CustomEndpointSchema = z.discriminatedUnion('origin', [
  CustomEndpointBaseSchema.extend({ origin: z.literal('custom_providers'), index: z.number().int().nonnegative() }),
  CustomEndpointBaseSchema.extend({ origin: z.literal('providers'), key: z.string().min(1) }),
]);
export type CustomEndpoint = z.infer<typeof CustomEndpointSchema>;
