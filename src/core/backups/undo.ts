import { AppError } from '../app-error';
import type { ConfigFile } from '../config/config-file';
import type { ConfigPath } from '../config/plain-value';
import { parseConfigText } from '../config/yaml-sections';
import { dotenvToMap, parseDotenv } from '../env/dotenv';
import { removeEnvValue, setEnvValue } from '../keys/dotenv-write';
import type { HomeSession } from '../session';
import type { UndoConflictDetail } from '../../shared/errors';
import type { BackupFileKind, BackupMeta } from './backup-store';
import { describePaths, invertChanges, pathsOverlap, valueChanges, type PathChange, type Slot } from './change-set';

/**
 * Undo of exactly one change, identified by the backup taken right before it (the `backupId` every
 * write returns). The change is the difference between that backup (the version before) and the
 * version the change produced (kept with the backup as `<id>.after`, or found in the timeline).
 *
 * - When the file is still exactly the version the change produced, the version before comes back
 *   byte for byte (comments the change touched included).
 * - Otherwise the inverse of the change is applied to the current file through the engine
 *   (config.yaml, value by value, see `change-set.ts`) or the `.env` writer (variable by variable):
 *   every later change stays. A path a later change touched refuses the whole undo with
 *   UNDO_CONFLICT naming the later change(s) in the way.
 *
 * Either way the undo is a new transaction with its own backup (reason `undo`), so undoing the undo
 * redoes the change. Messages and conflict details carry paths, variable names and the timeline's
 * one-line summaries — never a value.
 */

export interface UndoOutcome {
  file: BackupFileKind;
  changed: boolean;
  hash: string;
  backupId: string | null;
  summary: string;
}

const FILE_LABEL: Record<BackupFileKind, string> = { config: 'config.yaml', env: '.env' };

function fileOf(session: HomeSession, kind: BackupFileKind): ConfigFile {
  return kind === 'env' ? session.env : session.config;
}

function unavailable(message: string): AppError {
  return new AppError('UNDO_UNAVAILABLE', message);
}

/** One-line name of a change for messages: its timeline summary in quotes. */
function quoted(meta: BackupMeta): string {
  return `“${meta.summary || meta.reason}”`;
}

function clock(iso: string): string {
  return `${new Date(iso).toISOString().slice(11, 16)} UTC`;
}

/** The summary the undo's own backup records: "undid “…”", and "redid “…”" for an undo of an undo. */
function undoSummary(meta: BackupMeta): string {
  const inner = meta.reason === 'undo' ? /^(undid|redid) “([^”]*)”$/.exec(meta.summary) : null;
  if (inner) return `${inner[1] === 'undid' ? 'redid' : 'undid'} “${inner[2]}”`;
  return `undid ${quoted(meta)}`;
}

interface Timeline {
  /** Backups of the same file, newest first. */
  same: BackupMeta[];
  current: { raw: string; hash: string };
}

/** The version a change produced: kept with its backup, else the next backup's content, else the current file. */
async function afterOf(session: HomeSession, meta: BackupMeta, timeline: Timeline): Promise<string | null> {
  if (meta.nextSha256 === null) return null;
  const kept = await session.backups.readAfter(meta);
  if (kept !== null) return kept;
  for (const other of timeline.same) {
    if (other.sha256 !== meta.nextSha256) continue;
    const read = await session.backups.read(other.id).catch(() => null);
    if (read) return read.content;
  }
  return timeline.current.hash === meta.nextSha256 ? timeline.current.raw : null;
}

/** What a change did, as path changes (config.yaml) or variable changes (.env); null when unknown. */
function changesOf(kind: BackupFileKind, before: string, after: string): { changes: PathChange[]; beforeRoot: unknown } | null {
  if (kind === 'env') return { changes: envChanges(before, after), beforeRoot: null };
  const b = parseConfigText(before);
  const a = parseConfigText(after);
  if (!b.ok || !a.ok) return null;
  return { changes: valueChanges({ present: true, value: b.parsed.value }, { present: true, value: a.parsed.value }), beforeRoot: b.parsed.value };
}

function envSlot(map: Map<string, string>, name: string): Slot {
  return map.has(name) ? { present: true, value: map.get(name) } : { present: false };
}

function envChanges(before: string, after: string): PathChange[] {
  const b = dotenvToMap(parseDotenv(before));
  const a = dotenvToMap(parseDotenv(after));
  const names = [...b.keys(), ...[...a.keys()].filter((k) => !b.has(k))];
  return names.filter((n) => b.get(n) !== a.get(n) || b.has(n) !== a.has(n)).map((n) => ({ path: [n], before: envSlot(b, n), after: envSlot(a, n) }));
}

/** Raised inside a transaction when a later change is in the way; turned into UNDO_CONFLICT outside. */
class InTheWay extends Error {
  constructor(readonly paths: ConfigPath[]) {
    super('undo conflict');
  }
}

/** The later changes (oldest first) that touched any of `paths`. */
async function laterChangesTouching(session: HomeSession, meta: BackupMeta, timeline: Timeline, paths: readonly ConfigPath[]): Promise<UndoConflictDetail['blocking']> {
  const index = timeline.same.findIndex((b) => b.id === meta.id);
  const later = (index < 0 ? [] : timeline.same.slice(0, index)).reverse();
  const out: UndoConflictDetail['blocking'] = [];
  for (const other of later) {
    if (other.nextSha256 === null) continue;
    const before = await session.backups.read(other.id).catch(() => null);
    const after = before ? await afterOf(session, other, timeline) : null;
    if (!before || after === null) continue;
    const set = changesOf(other.file, before.content, after);
    if (set && set.changes.some((c) => paths.some((p) => pathsOverlap(c.path, p)))) {
      out.push({ id: other.id, createdAt: other.createdAt, summary: other.summary || other.reason });
    }
  }
  return out;
}

function conflictError(meta: BackupMeta, paths: ConfigPath[], blocking: UndoConflictDetail['blocking']): AppError {
  const what = describePaths(paths);
  const detail: UndoConflictDetail = { paths: [...new Set(paths.map((p) => p.map(String).join('.')))], blocking };
  let message: string;
  if (blocking.length === 1) {
    const b = blocking[0]!;
    message = `Cannot undo ${quoted(meta)}: the later change “${b.summary}” (${clock(b.createdAt)}) changed ${what} too. Undo that one first.`;
  } else if (blocking.length > 1) {
    const list = blocking.map((b) => `“${b.summary}” (${clock(b.createdAt)})`).join(', ');
    message = `Cannot undo ${quoted(meta)}: the later changes ${list} changed ${what} too. Undo those first (newest first).`;
  } else {
    message = `Cannot undo ${quoted(meta)}: ${what} changed again since (outside Switchboard, or by a change no longer in the backup list). Restore the backup to go back to that version as a whole.`;
  }
  return new AppError('UNDO_CONFLICT', message, detail);
}

export async function undoChange(session: HomeSession, id: string): Promise<UndoOutcome> {
  const read = await session.backups.read(id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'BACKUP_NOT_FOUND') {
      throw unavailable('This change can no longer be undone: its backup is gone (older backups are removed beyond the number kept).');
    }
    throw err;
  });
  const { meta, content: before } = read;
  const label = FILE_LABEL[meta.file];
  if (meta.nextSha256 === null) throw unavailable(`This backup is a copy of ${label}, not a change, so there is nothing to undo. Restore it instead.`);
  const file = fileOf(session, meta.file);
  const snap = await file.read();
  const timeline: Timeline = {
    same: (await session.backups.list()).backups.filter((b) => b.file === meta.file),
    current: { raw: snap.raw, hash: snap.hash },
  };
  const after = await afterOf(session, meta, timeline);
  if (after === null) {
    throw unavailable(`The version of ${label} right after this change is no longer known (the change predates per-change undo and the later backups that held it are gone). Restore the backup to go back to the version before it as a whole.`);
  }
  const set = changesOf(meta.file, before, after);
  if (set === null) throw unavailable(`${label} did not parse before or after this change, so it cannot be undone value by value. Restore the backup instead.`);
  const summary = undoSummary(meta);

  // Nothing happened since: put the exact bytes from before back.
  if (snap.hash === meta.nextSha256) {
    try {
      const r = await file.replaceText({ baseHash: snap.hash, text: before, reason: 'undo', summary });
      return { file: meta.file, changed: r.changed, hash: r.hash, backupId: r.backupId, summary: r.changed ? summary : `nothing to undo: ${label} already holds the version from before` };
    } catch (err) {
      // Changed in the meantime: fall through to the value-level undo on the new version.
      if (!(err instanceof AppError && err.code === 'CONFIG_CONFLICT')) throw err;
    }
  }
  if (set.changes.length === 0) {
    return { file: meta.file, changed: false, hash: snap.hash, backupId: null, summary: `nothing to undo: ${quoted(meta)} changed only comments or formatting, and ${label} has changed since` };
  }

  let outcome: { changed: boolean; hash: string; backupId: string | null };
  let reverted = 0;
  try {
    if (meta.file === 'config') {
      const r = await session.config.edit({
        baseHash: null,
        reason: 'undo',
        watchPaths: [],
        describe: () => summary,
        build: (current) => {
          const plan = invertChanges(current, set.changes, set.beforeRoot);
          if (plan.conflicts.length > 0) throw new InTheWay(plan.conflicts.map((c) => c.path));
          reverted = plan.reverted.length;
          return plan.next;
        },
      });
      outcome = r;
    } else {
      const r = await session.env.editText({
        baseHash: null,
        reason: 'undo',
        transform: (text) => ({ text: invertEnv(text, set.changes, (n) => (reverted = n)), summary }),
      });
      outcome = r;
    }
  } catch (err) {
    if (err instanceof InTheWay) throw conflictError(meta, err.paths, await laterChangesTouching(session, meta, timeline, err.paths));
    throw err;
  }
  if (!outcome.changed || reverted === 0) {
    return { file: meta.file, changed: false, hash: outcome.hash, backupId: null, summary: `nothing to undo: ${describePaths(set.changes.map((c) => c.path))} already back as before ${quoted(meta)}` };
  }
  return { file: meta.file, changed: true, hash: outcome.hash, backupId: outcome.backupId, summary };
}

/** `.env` text with the change's variables put back (through Hermes's own write rules). */
function invertEnv(text: string, changes: readonly PathChange[], count: (n: number) => void): string {
  const now = dotenvToMap(parseDotenv(text));
  const conflicts: ConfigPath[] = [];
  const revert: PathChange[] = [];
  for (const c of changes) {
    const slot = envSlot(now, String(c.path[0]));
    if (slotEqualEnv(slot, c.after)) revert.push(c);
    else if (!slotEqualEnv(slot, c.before)) conflicts.push(c.path);
  }
  if (conflicts.length > 0) throw new InTheWay(conflicts);
  count(revert.length);
  let out = text;
  for (const c of revert) {
    const name = String(c.path[0]);
    try {
      out = c.before.present ? setEnvValue(out, name, String(c.before.value)).text : removeEnvValue(out, name).text;
    } catch (err) {
      throw unavailable(`${name} cannot be written back to .env: ${(err as Error).message}`);
    }
  }
  return out;
}

function slotEqualEnv(a: Slot, b: Slot): boolean {
  return a.present === b.present && (!a.present || a.value === (b as { value: unknown }).value);
}
