/**
 * Cleaning and validating a pasted key before it is stored anywhere.
 *
 * Keys are copied from web pages, password managers and chat messages, and arrive with trailing
 * newlines, non-breaking spaces, zero-width characters, wrapping quotes (often typographic ones) and
 * the odd control character — each of which makes Hermes send a key the provider refuses
 * (HA#55335, HA#30355). We remove what is clearly not part of a key, and refuse what might be
 * (an inner line break, inner spaces, typographic quotes inside, non-ASCII), saying why.
 * Messages never quote the value.
 */
import { AppError } from '../app-error';
import { isUsableKeyValue } from '../providers/auth-status';
import { envKeyProblem } from './dotenv-write';

export interface CleanedKey {
  value: string;
  /** What cleaning did, for a notice ("removed surrounding quotes"). */
  notes: string[];
}

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
// Whitespace at the ends, including NBSP and other Unicode spaces.
const EDGE_SPACE = /^[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+|[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+$/g;
const WRAPPERS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['\u201C', '\u201D'],
  ['\u201D', '\u201D'],
  ['\u201E', '\u201C'],
  ['\u2018', '\u2019'],
  ['\u2019', '\u2019'],
  ['\u00AB', '\u00BB'],
];
const SMART_QUOTES = /[\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u00AB\u00BB]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export const MAX_KEY_LENGTH = 8192;

function invalid(message: string): AppError {
  return new AppError('ENV_INVALID_VALUE', message);
}

/** Validates an env var name for storing a key (Hermes's `.env` rules apply to the keychain too). */
export function validateKeyName(name: string): string {
  const trimmed = name.trim();
  const problem = envKeyProblem(trimmed);
  if (problem !== null) throw new AppError('ENV_INVALID_KEY', problem);
  return trimmed;
}

/** Cleans a pasted key; throws ENV_INVALID_VALUE with a reason when it cannot be a key. */
export function cleanKeyValue(raw: string): CleanedKey {
  const notes: string[] = [];
  let value = raw;
  const visible = value.replace(ZERO_WIDTH, '');
  if (visible !== value) notes.push('removed invisible zero-width characters');
  value = visible;
  const trimmed = value.replace(EDGE_SPACE, '');
  if (trimmed !== value) notes.push('removed surrounding whitespace');
  value = trimmed;
  if (/[\r\n\u2028\u2029]/.test(value)) throw invalid('The value contains a line break. A key is a single line; paste only the key.');

  for (let round = 0; round < 2; round += 1) {
    const pair = WRAPPERS.find(([open, close]) => value.length >= 2 && value.startsWith(open) && value.endsWith(close));
    if (pair === undefined) break;
    value = value.slice(pair[0].length, value.length - pair[1].length).replace(EDGE_SPACE, '');
    notes.push(SMART_QUOTES.test(pair[0]) ? 'removed surrounding typographic quotes' : 'removed surrounding quotes');
  }
  const printable = value.replace(CONTROL, '');
  if (printable !== value) notes.push('removed control characters');
  value = printable;
  if (value === '') throw invalid('The value is empty.');
  if (SMART_QUOTES.test(value)) throw invalid('The value contains typographic quotes (“ ” ‘ ’), which are never part of a key. Copy the key again from the provider.');
  if (/\s/.test(value)) throw invalid('The value contains spaces or tabs. Keys have none; paste only the key.');
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(value)) throw invalid('The value contains non-ASCII characters, which Hermes strips from keys. Copy the key again from the provider.');
  if (value.length > MAX_KEY_LENGTH) throw invalid(`The value is longer than ${MAX_KEY_LENGTH} characters.`);
  if (!isUsableKeyValue(value)) throw invalid('The value looks like a placeholder (too short, or a stand-in word such as “your_api_key”); Hermes would ignore it.');
  return { value, notes };
}
