/**
 * Writing `<home>/.env` the way Hermes does (`hermes_cli/config.py::save_env_value` /
 * `remove_env_value`), as pure text transforms for `session.env.editText`.
 *
 * - Names must match `^[A-Za-z_][A-Za-z0-9_]*$` and not be on Hermes's denylist (loader and
 *   interpreter variables, PATH, editors, HERMES_HOME…).
 * - Values: line breaks and non-ASCII characters are removed (Hermes warns about the latter); the
 *   value is wrapped in double quotes, with `\` and `"` escaped, only when it contains `#`, a quote or
 *   whitespace. An empty value stays empty.
 * - Setting replaces the first line that defines the name (`KEY=…` or `export KEY=…`) with `KEY=value`
 *   (dropping `export`), in place; otherwise the line is appended (a final newline is added first).
 *   Removing deletes every defining line. Every other line — comments, blank lines, other keys —
 *   stays byte for byte, including CRLF endings and a BOM.
 *
 * One deliberate difference: when a name is defined on several lines, setting it also deletes the
 * later definitions. Both of Hermes's readers let the *last* line win, so replacing only the first
 * (as Hermes does) would leave the old value in force — exactly the "I saved the key but still get
 * 401" bug.
 */

/** Hermes's `.env` name rule. */
export const ENV_KEY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const DENY_EXACT = new Set([
  'NODE_OPTIONS',
  'NODE_PATH',
  'PATH',
  'SHELL',
  'BROWSER',
  'EDITOR',
  'VISUAL',
  'PAGER',
  'GIT_SSH_COMMAND',
  'GIT_EXEC_PATH',
  'GIT_SHELL',
  'HERMES_HOME',
  'HERMES_PROFILE',
  'HERMES_CONFIG',
  'HERMES_ENV',
]);
const DENY_PREFIXES = ['LD_', 'DYLD_', 'PYTHON'];

/** Why Hermes would refuse to write this name to `.env`, or null when it is fine. */
export function envKeyProblem(name: string): string | null {
  if (!ENV_KEY_NAME.test(name)) return `"${name}" is not a valid variable name (letters, digits and _; not starting with a digit).`;
  const upper = name.toUpperCase();
  if (DENY_EXACT.has(upper) || DENY_PREFIXES.some((p) => upper.startsWith(p))) {
    return `${name} controls how programs start; Hermes refuses to keep it in .env.`;
  }
  return null;
}

export interface SanitizedEnvValue {
  value: string;
  /** What was removed (for a notice); never the value itself. */
  removed: Array<'line-breaks' | 'non-ascii'>;
}

/** Hermes's value sanitising: line breaks removed, non-ASCII characters stripped. */
export function sanitizeEnvValue(raw: string): SanitizedEnvValue {
  const removed: SanitizedEnvValue['removed'] = [];
  let value = raw;
  if (/[\r\n]/.test(value)) {
    value = value.replace(/[\r\n]+/g, '');
    removed.push('line-breaks');
  }
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(value)) {
    // eslint-disable-next-line no-control-regex
    value = value.replace(/[^\x00-\x7f]+/g, '');
    removed.push('non-ascii');
  }
  return { value, removed };
}

/** The right-hand side Hermes writes for a value: quoted only when `#`, a quote or whitespace occurs. */
export function formatEnvValue(value: string): string {
  if (value === '') return '';
  if (/[#"'\s]/.test(value)) return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function definesKey(name: string): RegExp {
  return new RegExp(`^\\s*(?:export\\s+)?${escapeRegExp(name)}\\s*=`);
}

interface SplitText {
  bom: string;
  lines: string[];
  eol: '\n' | '\r\n';
  /** The text ended with a line break (the last element of `lines` is then ''). */
  endsWithNewline: boolean;
}

function split(text: string): SplitText {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const crlf = (body.match(/\r\n/g) ?? []).length;
  const lf = (body.match(/\n/g) ?? []).length;
  const eol = crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n';
  // Split on \n only and keep each line's own \r, so mixed files round-trip exactly.
  const lines = body.split('\n');
  return { bom, lines, eol, endsWithNewline: body.endsWith('\n') };
}

function join(parts: SplitText): string {
  return parts.bom + parts.lines.join('\n');
}

export interface EnvEditResult {
  text: string;
  /** What happened, in words (for the backup summary; never the value). */
  action: 'replaced' | 'appended' | 'removed' | 'unchanged';
  /** Later duplicate definitions that were deleted (set), or all deleted lines (remove). */
  deletedLines: number;
}

/**
 * Sets `name` to `value` in `.env` text. The value must already be sanitised (`sanitizeEnvValue`);
 * the name must pass `envKeyProblem`. Throws on an invalid name (a bug in the caller).
 */
export function setEnvValue(text: string, name: string, value: string): EnvEditResult {
  const problem = envKeyProblem(name);
  if (problem !== null) throw new Error(problem);
  if (/[\r\n]/.test(value)) throw new Error('internal: unsanitised value with a line break');
  const parts = split(text);
  const match = definesKey(name);
  const newLine = `${name}=${formatEnvValue(value)}`;
  let first = -1;
  const keep: string[] = [];
  let deleted = 0;
  parts.lines.forEach((line, index) => {
    const isLast = index === parts.lines.length - 1;
    if (!(isLast && line === '') && match.test(line)) {
      if (first < 0) {
        first = keep.length;
        keep.push(newLine + (line.endsWith('\r') ? '\r' : ''));
      } else {
        deleted += 1;
      }
      return;
    }
    keep.push(line);
  });
  if (first >= 0) {
    const next = join({ ...parts, lines: keep });
    return { text: next, action: next === text ? 'unchanged' : 'replaced', deletedLines: deleted };
  }
  const base = join(parts);
  const sep = base === '' || base === parts.bom || parts.endsWithNewline ? '' : parts.eol;
  return { text: `${base}${sep}${newLine}${parts.eol}`, action: 'appended', deletedLines: 0 };
}

/** Deletes every line defining `name`. */
export function removeEnvValue(text: string, name: string): EnvEditResult {
  const parts = split(text);
  const match = definesKey(name);
  let deleted = 0;
  const keep = parts.lines.filter((line, index) => {
    const isLast = index === parts.lines.length - 1;
    if (!(isLast && line === '') && match.test(line)) {
      deleted += 1;
      return false;
    }
    return true;
  });
  if (deleted === 0) return { text, action: 'unchanged', deletedLines: 0 };
  return { text: join({ ...parts, lines: keep }), action: 'removed', deletedLines: deleted };
}
