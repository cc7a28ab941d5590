import { z } from 'zod';
import { channel } from './define';
import { Empty } from './common';
import { KeychainStateSchema, KeyDeliverySchema, KeyRowSchema, KeysListSchema, KeyStoreSchema } from '../domain/keys';

/** An env var name as typed (validated again in the core with Hermes's rules and denylist). */
const KeyName = z.string().trim().min(1).max(128);

export const KeyWriteResultSchema = z.object({
  row: KeyRowSchema,
  /** What cleaning and delivery did, in words. */
  notes: z.array(z.string()),
  /** The backup of `.env` taken before it was changed. */
  envBackupId: z.string().nullable(),
});

/**
 * Keys: status of every key env var, and the keychain-first write operations. Responses carry status
 * only (present, source, last four, conflict); `keys.reveal` is the one explicit exception.
 */
export const keysChannels = {
  'keys.list': channel({
    summary: 'Every key env var with its sources, the value Hermes would use (status only), conflicts and the keychain state.',
    request: Empty,
    response: KeysListSchema,
    rest: { method: 'GET', path: '/api/keys', from: 'none' },
  }),
  'keys.set': channel({
    summary: 'Set or replace a key in the keychain, .env (explicit plain text) or both (keychain, delivered into .env).',
    request: z.object({ name: KeyName, value: z.string().max(20_000), store: KeyStoreSchema.default('keychain') }),
    response: KeyWriteResultSchema,
    rest: { method: 'PUT', path: '/api/keys' },
    mutates: true,
  }),
  'keys.delete': channel({
    summary: 'Delete a key from the keychain, .env or both.',
    request: z.object({ name: KeyName, store: KeyStoreSchema.default('keychain') }),
    response: KeyWriteResultSchema,
    rest: { method: 'DELETE', path: '/api/keys', from: 'body' },
    mutates: true,
  }),
  'keys.importEnv': channel({
    summary: 'Copy plain-text keys from .env into the keychain (after a backup of .env); they stay in .env until removed.',
    request: z.object({ names: z.array(KeyName).max(500).optional() }),
    response: z.object({
      imported: z.array(z.string()),
      skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
      envBackupId: z.string().nullable(),
    }),
    mutates: true,
  }),
  'keys.removeFromEnv': channel({
    summary: 'Remove plain-text copies from .env whose value the keychain holds identically (backup first).',
    request: z.object({ names: z.array(KeyName).min(1).max(500) }),
    response: z.object({ removed: z.array(z.string()), envBackupId: z.string().nullable() }),
    mutates: true,
  }),
  'keys.setDelivery': channel({
    summary: 'How a keychain key reaches Hermes: written to .env, or keychain only (through hermes-switchboard exec).',
    request: z.object({ name: KeyName, delivery: KeyDeliverySchema }),
    response: KeyWriteResultSchema,
    mutates: true,
  }),
  'keys.reveal': channel({
    summary: 'Reveal one value (explicit, rate-limited to 5 per 30 s, never logged).',
    request: z.object({ name: KeyName, source: z.enum(['effective', 'dotenv', 'keychain', 'env']).default('effective') }),
    response: z.object({ name: z.string(), source: z.string(), value: z.string(), revealsLeft: z.number().int().nonnegative() }),
    mutates: true,
  }),
  'keys.keychainStatus': channel({
    summary: 'Probe the OS keychain again (write/read/delete of a test item) and report its state.',
    request: Empty,
    response: KeychainStateSchema,
  }),
};
