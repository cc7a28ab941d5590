import { createHash } from 'node:crypto';

/** sha256 hex of text (UTF-8) or bytes: the identity of a file version everywhere in the app. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
