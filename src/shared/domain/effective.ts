/**
 * The effective-config inspector: for the main model, every auxiliary task and every fallback entry,
 * what Hermes would actually use, and the drift warnings the editor found.
 */
import { z } from 'zod';
import { EffectiveKeySourceSchema } from './keys';
import { ProbeResultSchema } from './probes';

export const DRIFT_CODES = [
  'stale_base_url',
  'stale_api_key',
  'stale_key_env',
  'stale_api_mode',
  'no_credentials',
  'auto_custom_inherit',
  'context_too_small',
  'key_conflict',
  'unknown_provider',
  'keychain_only_key',
] as const;
export const DriftCodeSchema = z.enum(DRIFT_CODES);
export type DriftCode = z.infer<typeof DriftCodeSchema>;

export const DriftWarningSchema = z.object({
  code: DriftCodeSchema,
  severity: z.enum(['info', 'warn', 'danger']),
  /** The slot it concerns (`main`, `aux:<task>`, `fallback:<n>`), or absent for global ones (key conflicts). */
  slotId: z.string().optional(),
  /** The config path involved, dotted. */
  path: z.string().optional(),
  message: z.string(),
  fix: z.string().optional(),
});
export type DriftWarning = z.infer<typeof DriftWarningSchema>;

export const EffectiveSlotSchema = z.object({
  /** `main`, `aux:<task>`, `fallback:<n>`. */
  id: z.string(),
  kind: z.enum(['main', 'aux', 'fallback']),
  label: z.string(),
  /** The slot has no provider of its own and uses the main model (`auto` aux tasks). */
  inherited: z.boolean(),
  /** Canonical provider id Hermes would use, or null when it cannot resolve one. */
  provider: z.string().nullable(),
  providerLabel: z.string(),
  providerSource: z.enum(['config', 'auto', 'main']),
  baseUrl: z.string().nullable(),
  baseUrlSource: z.enum(['config', 'endpoint', 'env', 'default', 'none']),
  /** The env var that overrode the base URL, when `baseUrlSource` is `env`. */
  baseUrlEnv: z.string().optional(),
  model: z.string(),
  modelSource: z.enum(['config', 'main', 'provider-default', 'endpoint', 'none']),
  apiMode: z.string(),
  apiModeReason: z.string(),
  contextWindow: z.number().int().positive().nullable(),
  contextSource: z.enum(['config', 'endpoint', 'live', 'catalog', 'family', 'none']),
  key: EffectiveKeySourceSchema.nullable(),
  /** Does this provider need a key at all (keyless local servers, OAuth logins)? */
  keyNote: z.string().optional(),
  lastProbe: ProbeResultSchema.nullable(),
  warnings: z.array(DriftWarningSchema),
});
export type EffectiveSlot = z.infer<typeof EffectiveSlotSchema>;

export const EffectiveConfigSchema = z.object({
  slots: z.array(EffectiveSlotSchema),
  /** Warnings not tied to one slot (one env var with different values in several places). */
  warnings: z.array(DriftWarningSchema),
});
export type EffectiveConfig = z.infer<typeof EffectiveConfigSchema>;
