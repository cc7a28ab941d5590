import { promises as fsp } from 'node:fs';
import { AppError } from '../app-error';
import { describeConfigChange } from '../config/change-summary';
import type { ConfigFile } from '../config/config-file';
import { isPlainObject } from '../config/plain-value';
import { parseConfigText } from '../config/yaml-sections';
import { dotenvToMap, parseDotenv } from '../env/dotenv';
import { sha256 } from '../fs/hash';
import { maskEnvForDisplay, maskYamlForDisplay } from '../secrets/mask-text';
import type { HomeSession } from '../session';
import type { ConflictDetail } from '../../shared/errors';
import { diffVersions, type TextDiff } from './backup-diff';
import type { BackupFileKind, BackupMeta } from './backup-store';
import { expandSelection, groupsPresent } from './restore-groups';
import { restoreSections, type RestoreMethod } from './section-restore';
import { splitBlocks, splitLines } from './text-blocks';

/**
 * What the backup timeline does with a session: list (with what the next write prunes), compare
 * any two versions, preview and run whole-file or per-section restores, pin. Handlers only adapt
 * these to the contract; tests drive them directly on real files.
 */

export interface TimelineEntry extends BackupMeta {
  /** The next write (which adds one backup) removes this one. */
  pruneNext: boolean;
}

export interface Timeline {
  dir: string;
  backups: TimelineEntry[];
  skipped: { name: string; reason: string }[];
  retention: number;
  current: Record<BackupFileKind, string | null>;
}

async function hashOf(file: string): Promise<string | null> {
  try {
    return sha256(await fsp.readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

export async function listTimeline(session: HomeSession): Promise<Timeline> {
  const listing = await session.backups.list({ verify: true });
  const doomed = new Set(session.backups.pruneCandidatesOf(listing.backups, 1).map((b) => b.id));
  return {
    dir: session.backups.dir,
    backups: listing.backups.map((b) => ({ ...b, pruneNext: doomed.has(b.id) })),
    skipped: listing.skipped,
    retention: session.backups.retention(),
    current: { config: await hashOf(session.config.path), env: await hashOf(session.env.path) },
  };
}

export function fileOf(session: HomeSession, kind: BackupFileKind): ConfigFile {
  return kind === 'env' ? session.env : session.config;
}

export interface VersionRef {
  kind: 'backup' | 'current';
  id: string | null;
  createdAt: string | null;
  reason: string | null;
  sha256: string;
  exists: boolean;
}

export interface BackupDiff extends TextDiff {
  file: BackupFileKind;
  from: VersionRef;
  to: VersionRef;
}

const ref = (meta: BackupMeta): VersionRef => ({ kind: 'backup', id: meta.id, createdAt: meta.createdAt, reason: meta.reason, sha256: meta.sha256, exists: true });

/** Diff of a backup against the current file or another backup of the same file; older → newer. */
export async function diffBackup(session: HomeSession, id: string, against: string): Promise<BackupDiff> {
  const a = await session.backups.read(id);
  if (against === 'current') {
    const snap = await fileOf(session, a.meta.file).read();
    return { file: a.meta.file, from: ref(a.meta), to: { kind: 'current', id: null, createdAt: null, reason: null, sha256: snap.hash, exists: snap.exists }, ...diffVersions(a.content, snap.raw, a.meta.file) };
  }
  const b = await session.backups.read(against);
  if (b.meta.file !== a.meta.file) throw new AppError('INVALID_INPUT', `Backup ${against} is of ${b.meta.file === 'env' ? '.env' : 'config.yaml'}; compare versions of the same file.`);
  const [older, newer] = a.meta.createdAt <= b.meta.createdAt ? [a, b] : [b, a];
  return { file: a.meta.file, from: ref(older.meta), to: ref(newer.meta), ...diffVersions(older.content, newer.content, a.meta.file) };
}

export interface RestoreGroup {
  id: string;
  label: string;
  keys: string[];
  inBackup: boolean;
  inCurrent: boolean;
  /** Restoring this group alone would change the file. */
  changed: boolean;
}

export interface RestorePlan {
  meta: BackupMeta;
  file: BackupFileKind;
  /** The version the plan was computed on: the restore's base. */
  baseHash: string;
  baseText: string;
  whole: boolean;
  keys: string[];
  groups: RestoreGroup[];
  method: RestoreMethod | 'whole';
  note: string | null;
  text: string;
  summary: string;
}

function utc(iso: string): string {
  return `${new Date(iso).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

function envChange(before: string, after: string): string {
  const a = dotenvToMap(parseDotenv(before));
  const b = dotenvToMap(parseDotenv(after));
  const added = [...b.keys()].filter((k) => !a.has(k));
  const removed = [...a.keys()].filter((k) => !b.has(k));
  const changed = [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k));
  const parts = [
    added.length ? `+${added.join(', +')}` : '',
    removed.length ? `−${removed.join(', −')}` : '',
    changed.length ? `changed ${changed.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? `keys: ${parts.join('; ')}` : 'comments or formatting only';
}

/** Text of each top-level section (with its attached comments), by key; repeated keys joined. */
function blockTexts(text: string): Map<string, string> {
  const lines = splitLines(text);
  const out = new Map<string, string>();
  for (const b of splitBlocks(lines)) {
    if (b.key === null) continue;
    out.set(b.key, (out.get(b.key) ?? '') + lines.slice(b.start, b.end).join('\n').replace(/\s+$/, '') + '\n');
  }
  return out;
}

function parseBackup(meta: BackupMeta, content: string) {
  const parsed = parseConfigText(content);
  if (!parsed.ok) {
    throw new AppError('BACKUP_CORRUPT', `This backup of config.yaml does not parse (line ${parsed.error.line}: ${parsed.error.message}); Switchboard never writes YAML that does not parse, so it cannot be restored.`, {
      ...parsed.error,
      excerpt: parsed.error.excerpt && maskYamlForDisplay(parsed.error.excerpt),
    });
  }
  return parsed.parsed;
}

/** Computes exactly what a restore would write, on the current file. Nothing is written. */
export async function planRestore(session: HomeSession, id: string, sections: readonly string[] | undefined): Promise<RestorePlan> {
  const { meta, content } = await session.backups.read(id);
  const file = fileOf(session, meta.file);
  const current = await file.read();
  const whole = sections === undefined;
  if (meta.file === 'env') {
    if (!whole) throw new AppError('INVALID_INPUT', '.env backups are restored as a whole file; leave out `sections`.');
    return {
      meta,
      file: 'env',
      baseHash: current.hash,
      baseText: current.raw,
      whole: true,
      keys: [],
      groups: [],
      method: 'whole',
      note: null,
      text: content,
      summary: summaryFor(meta, current.hash, 'the whole file', envChange(current.raw, content)),
    };
  }
  const backup = parseBackup(meta, content);
  const bakValue = isPlainObject(backup.value) ? backup.value : {};
  const curValue = current.parse.ok && isPlainObject(current.parse.parsed.value) ? current.parse.parsed.value : null;
  const curKeys = curValue ? Object.keys(curValue) : [];
  const bakKeys = Object.keys(bakValue);
  const curBlocks = blockTexts(current.raw);
  const bakBlocks = blockTexts(content);
  const groups: RestoreGroup[] = groupsPresent(curKeys, bakKeys).map((g) => {
    const keys = g.keys.filter((k) => curKeys.includes(k) || bakKeys.includes(k));
    const inBackup = keys.some((k) => bakKeys.includes(k));
    const inCurrent = keys.some((k) => curKeys.includes(k));
    // Changed when a section's text differs (its comments count too), whatever the line endings.
    const changed = keys.some((k) => curBlocks.get(k) !== bakBlocks.get(k));
    return { id: g.id, label: g.label, keys, inBackup, inCurrent, changed };
  });

  if (whole) {
    const change = curValue ? describeConfigChange(curValue, bakValue) : 'replaced a file that did not parse';
    return { meta, file: 'config', baseHash: current.hash, baseText: current.raw, whole, keys: [], groups, method: 'whole', note: null, text: content, summary: summaryFor(meta, current.hash, 'the whole file', change) };
  }
  if (sections.length === 0) throw new AppError('INVALID_INPUT', 'Choose at least one section to restore, or leave out `sections` to restore the whole file.');
  if (!current.parse.ok || !curValue) {
    throw new AppError('CONFIG_PARSE_ERROR', `config.yaml does not parse (line ${current.parse.ok ? 1 : current.parse.error.line}), so single sections cannot be restored into it. Restore the whole file instead.`);
  }
  const sel = expandSelection(sections, curKeys, bakKeys);
  if (sel.unknown.length > 0) throw new AppError('INVALID_INPUT', `Neither this backup nor the current config.yaml has ${sel.unknown.map((s) => `\`${s}\``).join(', ')}.`);
  const restored = restoreSections(current.parse.parsed, backup, sel.keys);
  const after = parseConfigText(restored.text);
  const change = after.ok ? describeConfigChange(curValue, after.parsed.value) : 'sections restored';
  return {
    meta,
    file: 'config',
    baseHash: current.hash,
    baseText: current.raw,
    whole: false,
    keys: sel.keys,
    groups,
    method: restored.method,
    note: restored.note,
    text: restored.text,
    summary: summaryFor(meta, current.hash, sel.keys.join(' + '), change),
  };
}

function summaryFor(meta: BackupMeta, currentHash: string, what: string, change: string): string {
  // Restoring the backup taken just before the latest restore is that restore's undo.
  if (meta.reason === 'pre_restore' && meta.nextSha256 === currentHash) return `undid the restore of ${utc(meta.createdAt)}: ${change}`;
  return `restored ${what} from ${utc(meta.createdAt)}: ${change}`;
}

export interface RestorePreview extends RestorePlan {
  diff: TextDiff;
  changed: boolean;
}

export async function previewRestore(session: HomeSession, id: string, sections: readonly string[] | undefined): Promise<RestorePreview> {
  const plan = await planRestore(session, id, sections);
  return { ...plan, diff: diffVersions(plan.baseText, plan.text, plan.file), changed: plan.text !== plan.baseText };
}

export interface RestoreOutcome {
  hash: string;
  preRestoreId: string | null;
  summary: string;
  changed: boolean;
  method: RestoreMethod | 'whole';
  note: string | null;
  file: BackupFileKind;
  keys: string[];
}

/**
 * Restores a backup (whole, or chosen sections of config.yaml). The file must still be the
 * version the user saw (`baseHash`); the write goes through the file's transaction with reason
 * `pre_restore`, so the version it replaces is backed up first and the restore can be undone.
 */
export async function restoreBackup(session: HomeSession, input: { id: string; sections?: readonly string[]; baseHash?: string }): Promise<RestoreOutcome> {
  const plan = await planRestore(session, input.id, input.sections);
  const file = fileOf(session, plan.file);
  if (input.baseHash && input.baseHash !== plan.baseHash) {
    const mask = plan.file === 'env' ? maskEnvForDisplay : maskYamlForDisplay;
    const name = plan.file === 'env' ? '.env' : 'config.yaml';
    const detail: ConflictDetail = {
      file: name,
      baseHash: input.baseHash,
      currentHash: plan.baseHash,
      ours: mask(file.knownVersion(input.baseHash) ?? ''),
      theirs: mask(plan.baseText),
      paths: ['(whole file)'],
    };
    throw new AppError('CONFIG_CONFLICT', `${name} changed after this restore was prepared. Look at the new version, then restore again.`, detail);
  }
  const result = await file.replaceText({ baseHash: plan.baseHash, text: plan.text, reason: 'pre_restore', summary: plan.summary });
  return {
    hash: result.hash,
    preRestoreId: result.backupId,
    summary: result.changed ? plan.summary : 'nothing to restore: the file already matches this backup',
    changed: result.changed,
    method: plan.method,
    note: plan.note,
    file: plan.file,
    keys: plan.keys,
  };
}
