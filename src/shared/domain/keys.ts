/**
 * Key (credential) shapes that cross from the core to the UI.
 *
 * Everything here is *status*: where a value lives, whether it is usable, its last four characters
 * (only for values of 12 characters or more), when it was stored, and whether two places disagree.
 * No schema in this file has a field that can hold a key value; the one channel that returns a value
 * (`keys.reveal`) declares its own response.
 */
import { z } from 'zod';

/** Why the OS keychain cannot be used right now. Each has its own way out in the UI. */
export const KEYCHAIN_REASONS = [
  /** The native keytar module (or libsecret) could not be loaded. */
  'no_library',
  /** No D-Bus session bus (headless, SSH, container). */
  'no_dbus',
  /** A session bus, but nothing provides org.freedesktop.secrets. */
  'no_secret_service',
  /** A Secret Service, but no default ("login") keyring exists and none could be created. */
  'no_keyring',
  /** The keyring exists but is locked: writes fail and reads come back empty. */
  'locked',
  /** The keychain did not answer in time (often a hidden unlock prompt or a broken HOME). */
  'timeout',
  /** Anything else; the message says what. */
  'error',
] as const;
export const KeychainReasonSchema = z.enum(KEYCHAIN_REASONS);
export type KeychainReason = z.infer<typeof KeychainReasonSchema>;

export const KeychainStateSchema = z.object({
  /**
   * `secure`: the OS keychain works (a write/read/delete probe succeeded).
   * `unavailable`: it does not; `reason` says why. Keys are never stored in plain text instead unless
   * the user picks `.env` explicitly.
   * `memory`: the demo home keeps keys in memory only (nothing reaches the real keychain).
   */
  status: z.enum(['secure', 'unavailable', 'memory']),
  /** Human name of the backend (Secret Service, macOS Keychain, Windows Credential Manager, memory). */
  backend: z.string(),
  reason: KeychainReasonSchema.optional(),
  /** The keychain's own error text (never contains a value). */
  message: z.string().optional(),
  /** Steps that get the user out of this state, in order. */
  fix: z.array(z.string()),
  /** The keychain service name the app owns; only the app writes items under it. */
  service: z.string(),
  /** The profile scope of this home's accounts (`<ENV_VAR>@<scope>`). */
  scope: z.string(),
  checkedAt: z.string(),
});
export type KeychainState = z.infer<typeof KeychainStateSchema>;

/** Places a key can come from, in the words of the Keys page. */
export const KEY_SOURCE_KINDS = ['env', 'dotenv', 'keychain', 'config', 'auth-pool'] as const;
export const KeySourceKindSchema = z.enum(KEY_SOURCE_KINDS);
export type KeySourceKind = z.infer<typeof KeySourceKindSchema>;

export const KeySourceStatusSchema = z.object({
  kind: KeySourceKindSchema,
  /** Where exactly: `.env line 4`, `custom_providers[0].api_key`, `auth.json credential_pool.openrouter`. */
  location: z.string(),
  /** Hermes would accept the value (≥ 4 characters, not a placeholder such as `changeme`). */
  usable: z.boolean(),
  /** Last four characters, only when the value has 12 or more. */
  last4: z.string().optional(),
  /** Keychain items: when the app stored it (ISO). */
  updatedAt: z.string().optional(),
  /** Config values written as `${VAR}`: the variable named (no value of its own). */
  reference: z.string().optional(),
});
export type KeySourceStatus = z.infer<typeof KeySourceStatusSchema>;

/** How a keychain key reaches Hermes. */
export const KEY_DELIVERIES = ['env', 'keychain-only'] as const;
export const KeyDeliverySchema = z.enum(KEY_DELIVERIES);
export type KeyDelivery = z.infer<typeof KeyDeliverySchema>;

export const EffectiveKeySourceSchema = z.object({
  kind: KeySourceKindSchema,
  location: z.string(),
  usable: z.boolean(),
  last4: z.string().optional(),
  /** The value only reaches Hermes when it is started with `hermes-switchboard exec -- hermes …`. */
  viaExec: z.boolean(),
});
export type EffectiveKeySource = z.infer<typeof EffectiveKeySourceSchema>;

export const KeyRowSchema = z.object({
  /** The env var name (the keychain account is `<name>@<scope>`). */
  name: z.string(),
  /** Provider ids (and endpoint slugs) that read this variable. */
  usedBy: z.array(z.string()),
  /** Every place that holds a value for this variable. */
  sources: z.array(KeySourceStatusSchema),
  /** The value Hermes would use now, or null when none is set. */
  effective: EffectiveKeySourceSchema.nullable(),
  /** Two places hold different values for this variable. */
  conflict: z.boolean(),
  /** Which places disagree, in words (no values). */
  conflictNote: z.string().optional(),
  /** Keychain keys only: written to `.env` too, or given to Hermes only through `exec`. */
  delivery: KeyDeliverySchema.nullable(),
  /** `.env` holds a usable value that is not (or not identically) in the keychain: "Import" offers it. */
  importable: z.boolean(),
  /** `.env` holds the same value as the keychain: the plain-text copy can be removed (Hermes then gets it through `exec`). */
  removableFromEnv: z.boolean(),
});
export type KeyRow = z.infer<typeof KeyRowSchema>;

export const KeyGroupSchema = z.object({
  /** Provider id, `custom:<name>` / `providers` key for endpoints, or `other`. */
  id: z.string(),
  label: z.string(),
  authType: z.string(),
  /** Some row of the group (or another credential) is usable. */
  configured: z.boolean(),
  /** Model slots of config.yaml that use this provider (`main`, `aux:compression`, `fallback:0`). */
  slots: z.array(z.string()),
  rows: z.array(KeyRowSchema),
  /** Credentials that are not env vars: inline `api_key`s in config.yaml, auth.json logins and pools. */
  otherSources: z.array(KeySourceStatusSchema),
  /** A note for providers that do not use API keys (AWS SDK, service-account files, OAuth). */
  note: z.string().optional(),
});
export type KeyGroup = z.infer<typeof KeyGroupSchema>;

export const KeysListSchema = z.object({
  keychain: KeychainStateSchema,
  envFile: z.object({ path: z.string(), exists: z.boolean(), mode: z.string().nullable() }),
  groups: z.array(KeyGroupSchema),
  /** Rows whose `.env` value can be imported into the keychain. */
  importable: z.array(z.string()),
  /** How many reveals are left in the current 30-second window. */
  revealsLeft: z.number().int().nonnegative(),
  /** The command that starts Hermes with keychain-only keys. */
  execCommand: z.string(),
});
export type KeysList = z.infer<typeof KeysListSchema>;

/** Where a `keys.set` stores the value. `both` = keychain, delivered into `.env`. */
export const KEY_STORES = ['keychain', 'env', 'both'] as const;
export const KeyStoreSchema = z.enum(KEY_STORES);
export type KeyStore = z.infer<typeof KeyStoreSchema>;
