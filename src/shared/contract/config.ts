import { z } from 'zod';
import { channel } from './define';
import { Empty, Hash, ParseErrorSchema } from './common';

export const MainModelSchema = z.object({
  /** How `model:` is written: a mapping, the legacy bare string, or absent. */
  form: z.enum(['mapping', 'string', 'unset']),
  provider: z.string(),
  model: z.string(),
  baseUrl: z.string(),
  apiMode: z.string(),
  contextLength: z.number().nullable(),
  label: z.string(),
});
export type MainModel = z.infer<typeof MainModelSchema>;

export const AuxSlotSchema = z.object({
  task: z.string(),
  provider: z.string(),
  model: z.string(),
  baseUrl: z.string(),
  /** provider auto (or empty) and no model: the task uses the main model. */
  isAuto: z.boolean(),
  label: z.string(),
});
export type AuxSlot = z.infer<typeof AuxSlotSchema>;

export const DuplicateKeySchema = z.object({ path: z.string(), key: z.string(), lines: z.array(z.number()) });

export const ConfigStateSchema = z.object({
  path: z.string(),
  exists: z.boolean(),
  hash: Hash,
  mtimeMs: z.number().nullable(),
  /** True when the file does not parse: the app shows it and offers the repair editor only. */
  readOnly: z.boolean(),
  parseError: ParseErrorSchema.nullable(),
  duplicates: z.array(DuplicateKeySchema),
  warnings: z.array(z.string()),
  main: MainModelSchema,
  /** Auxiliary tasks present in config.yaml, in file order. */
  auxiliary: z.array(AuxSlotSchema),
});
export type ConfigState = z.infer<typeof ConfigStateSchema>;

export const RawConfigSchema = z.object({
  hash: Hash,
  /** The file text with secret values replaced by placeholders (restored on save). */
  text: z.string(),
  maskedSecrets: z.number().int(),
  parseError: ParseErrorSchema.nullable(),
});

export const ValidateResultSchema = z.object({ ok: z.boolean(), parseError: ParseErrorSchema.nullable() });

export const WriteResultSchema = z.object({
  changed: z.boolean(),
  hash: Hash,
  backupId: z.string().nullable(),
  merged: z.boolean(),
  summary: z.string(),
});
export type WriteResultData = z.infer<typeof WriteResultSchema>;

export const configChannels = {
  'config.read': channel({ summary: 'Parse config.yaml and summarise the model settings.', request: Empty, response: ConfigStateSchema }),
  'config.readRaw': channel({
    summary: 'The raw text for the repair editor, secrets masked.',
    request: Empty,
    response: RawConfigSchema,
  }),
  'config.validateRaw': channel({
    summary: 'Check that edited text parses (nothing is written).',
    request: z.object({ text: z.string().max(5_000_000) }),
    response: ValidateResultSchema,
  }),
  'config.saveRaw': channel({
    summary: 'Replace config.yaml with repaired text (must parse; backup first).',
    request: z.object({ text: z.string().max(5_000_000), baseHash: Hash }),
    response: WriteResultSchema,
    mutates: true,
  }),
};
