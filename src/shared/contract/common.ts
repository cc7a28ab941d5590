import { z } from 'zod';

/** Request for channels that take no input. Unknown fields are dropped, never trusted. */
export const Empty = z.object({});

/** Response for channels that only acknowledge. */
export const Ack = z.object({ ok: z.literal(true) });

/** sha256 hex of a file version: what an edit is based on. */
export const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest');

export const ParseErrorSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
  excerpt: z.string().optional(),
});
