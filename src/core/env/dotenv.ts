/**
 * `.env` reading the way Hermes's own parser does it.
 *
 * Hermes has two readers: python-dotenv at runtime and its own `load_env` behind the dashboard's
 * Keys page and `get_env_value`. The editor mirrors the latter so that what it shows matches what
 * Hermes's UI shows: BOM tolerated, blank and `#` lines skipped, a leading `export ` dropped, split on
 * the first `=`, both sides trimmed, `"…"` unquoted with `\"` and `\\` unescaped, `'…'` stripped
 * verbatim, and — unlike python-dotenv — no inline-comment stripping (`KEY=abc # note` reads as
 * `abc # note`).
 * Mirrors `hermes_cli/config.py::load_env`.
 *
 * Values stay in memory: nothing here logs, serialises or returns them in problems.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../app-error';

/** One `KEY=value` line. `line` is 1-based. */
export interface DotenvEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
  /** The line started with `export `. */
  readonly exported: boolean;
  /** How the value was written, which matters when the editor rewrites the line. */
  readonly quote: 'none' | 'double' | 'single';
}

/** A line Hermes would skip or read oddly; the reason never quotes the value. */
export interface DotenvProblem {
  readonly line: number;
  readonly reason: string;
}

export interface DotenvParseResult {
  /** Every assignment in file order (a key may repeat; the later line wins, see `dotenvToMap`). */
  readonly entries: DotenvEntry[];
  readonly malformed: DotenvProblem[];
}

const KEY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Undo the two escapes Hermes undoes inside double quotes; every other backslash stays. */
function unescapeDoubleQuoted(inner: string): string {
  let out = '';
  for (let i = 0; i < inner.length; i += 1) {
    const ch = inner[i];
    const next = inner[i + 1];
    if (ch === '\\' && (next === '"' || next === '\\')) {
      out += next;
      i += 1;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Parse `.env` text. Never throws: odd lines are reported in `malformed`. */
export function parseDotenv(text: string): DotenvParseResult {
  const entries: DotenvEntry[] = [];
  const malformed: DotenvProblem[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/\r\n|\n|\r/);

  lines.forEach((rawLine, index) => {
    const line = index + 1;
    let content = rawLine.trim();
    if (content === '' || content.startsWith('#')) return;
    let exported = false;
    if (/^export\s/.test(content)) {
      exported = true;
      content = content.slice('export'.length).trim();
    }
    const eq = content.indexOf('=');
    if (eq < 0) {
      malformed.push({ line, reason: 'no "=" on this line; Hermes ignores it' });
      return;
    }
    const key = content.slice(0, eq).trim();
    let value = content.slice(eq + 1).trim();
    if (key === '') {
      malformed.push({ line, reason: 'missing variable name before "="' });
      return;
    }
    if (!KEY_NAME.test(key)) {
      malformed.push({ line, reason: `"${key}" is not a valid variable name` });
    }

    let quote: DotenvEntry['quote'] = 'none';
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = unescapeDoubleQuoted(value.slice(1, -1));
      quote = 'double';
    } else if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
      value = value.slice(1, -1);
      quote = 'single';
    } else if (value.startsWith('"') || value.startsWith("'")) {
      malformed.push({
        line,
        reason: 'the quote is not closed at the end of the line (text after the closing quote, such as a # comment, stays part of the value)',
      });
    }
    entries.push({ key, value, line, exported, quote });
  });
  return { entries, malformed };
}

/** Key → value with later lines winning, as both Hermes readers do. */
export function dotenvToMap(result: DotenvParseResult): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of result.entries) map.set(entry.key, entry.value);
  return map;
}

/** Result of reading a `.env` file; `exists: false` for a missing file (a normal state). */
export interface DotenvFile extends DotenvParseResult {
  readonly path: string;
  readonly exists: boolean;
}

/**
 * UTF-8 first; latin-1 when the bytes are not valid UTF-8 (the fallback Hermes's runtime loader
 * uses), so one stray byte does not hide every key.
 */
function decode(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return buffer.toString('latin1');
  }
}

/**
 * Read and parse a `.env` file. A missing file reads as empty; any other read failure throws
 * `ENV_PARSE_ERROR` (with the path, never contents).
 */
export async function readDotenvFile(path: string): Promise<DotenvFile> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, exists: false, entries: [], malformed: [] };
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new AppError('ENV_PARSE_ERROR', `Cannot read ${path} (${code})`, { file: path, code });
  }
  return { path, exists: true, ...parseDotenv(decode(buffer)) };
}
