/**
 * Opens Hermes's `state.db` for reading and turns every way that can fail into a `STATE_DB_UNAVAILABLE`
 * AppError with a reason the UI can explain (missing, locked, old schema, corrupt, not a database,
 * unreadable) — usage analytics must never crash the app.
 *
 * The connection is read-only (`readOnly: true`, the equivalent of Hermes's own `file:<path>?mode=ro`
 * in `hermes_cli/web_server.py::_open_session_db_for_profile`) and never writes database content. Like any
 * SQLite reader of a WAL database, opening it creates empty `-wal`/`-shm` companions if Hermes is not
 * running; Hermes's own read-only dashboard connection does exactly the same. A read-only connection still
 * sees rows that are only in the `-wal` file.
 *
 * Also probes the schema: a DB that predates some analytics columns/tables (Hermes adds them on open in
 * `hermes_state.py::_reconcile_columns`) still yields what can be computed from `sessions`, flagged
 * `degraded` with notes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type DatabaseSyncInstance } from '@photostructure/sqlite';
import { AppError } from '../app-error';
import type { StateDbUnavailableDetail, StateDbUnavailableReason } from '../../shared/domain/usage';
import { SESSIONS_ANALYTICS_COLUMNS, USAGE_ANALYTICS_COLUMNS } from './statedb-schema';

/** Busy timeout for the reader. Hermes itself waits 1 s then retries; the UI should answer sooner. */
export const DEFAULT_BUSY_TIMEOUT_MS = 500;

/** What the analytics queries can rely on in this particular database. */
export interface StateDbSchema {
  /** `schema_version.version`, or null when the table is absent. */
  version: number | null;
  /** SQLite's schema cookie (`PRAGMA schema_version`): changes on any DDL and on VACUUM. */
  cookie: number;
  sessionColumns: ReadonlySet<string>;
  /** Columns of `session_model_usage`; null when the table does not exist. */
  usageColumns: ReadonlySet<string> | null;
  /** Auxiliary rows can be read (`session_model_usage` with a `task` column). */
  auxAvailable: boolean;
  hasMessages: boolean;
  degraded: boolean;
  notes: string[];
}

export interface StateDb {
  readonly path: string;
  readonly db: DatabaseSyncInstance;
  readonly schema: StateDbSchema;
  close(): void;
}

export interface OpenStateDbOptions {
  busyTimeoutMs?: number;
}

/** `<home>/state.db` — one per profile (`hermes_state.py::DEFAULT_DB_PATH` under HERMES_HOME). */
export function stateDbPath(home: string): string {
  return path.join(home, 'state.db');
}

const HINTS: Record<StateDbUnavailableReason, string> = {
  missing: 'Hermes creates state.db on its first session. Run a Hermes session, then refresh.',
  locked:
    'Another process holds an exclusive lock on state.db (for example a migration or a VACUUM). Try again in a moment.',
  'old-schema':
    'state.db was written by a Hermes version too old for usage analytics. Start a current Hermes once so it upgrades the database.',
  corrupt:
    'state.db is damaged. Hermes may repair it on next start; otherwise restore it from a backup (the app never modifies it).',
  'not-a-database': 'The file at this path is not an SQLite database. Check the Hermes home directory.',
  unreadable: 'The app cannot read state.db. Check the file and folder permissions for your user.',
};

/** Builds the AppError for a reason; `why` is the technical cause, kept in the message. */
export function stateDbUnavailable(
  reason: StateDbUnavailableReason,
  dbPath: string,
  why: string,
  hint: string = HINTS[reason],
): AppError {
  const detail: StateDbUnavailableDetail = { reason, hint };
  return new AppError('STATE_DB_UNAVAILABLE', `Usage data unavailable (${reason}): ${why} [${dbPath}]`, detail);
}

interface SqliteErrorLike {
  sqliteCode?: number;
  sqliteExtendedCode?: number;
  errcode?: number;
  systemErrno?: number;
  code?: string;
  message?: string;
}

/** Primary SQLite result code (the binding may report the extended code, e.g. 1544 for READONLY_DIRECTORY). */
function primaryCode(err: SqliteErrorLike): number | undefined {
  const code = err.sqliteCode ?? err.errcode;
  return typeof code === 'number' ? code & 0xff : undefined;
}

/** SQLITE_READONLY_CANTINIT / READONLY_DIRECTORY: a WAL database whose `-shm` cannot be created. */
const SHM_HINT =
  'state.db is in WAL mode and its folder is not writable for this user, so SQLite cannot create state.db-shm to read it. Start Hermes (it creates the file) or give your user write access to the folder.';

function sqliteReason(err: SqliteErrorLike): StateDbUnavailableReason | null {
  switch (primaryCode(err)) {
    case 5: // SQLITE_BUSY (incl. BUSY_RECOVERY / BUSY_SNAPSHOT)
    case 6: // SQLITE_LOCKED
      return 'locked';
    case 11: // SQLITE_CORRUPT
      return 'corrupt';
    case 26: // SQLITE_NOTADB
      return 'not-a-database';
    case 3: // SQLITE_PERM
    case 8: // SQLITE_READONLY (e.g. READONLY_CANTINIT: no -shm and a read-only folder)
    case 10: // SQLITE_IOERR
    case 14: // SQLITE_CANTOPEN
    case 23: // SQLITE_AUTH
      return 'unreadable';
    default:
      return null;
  }
}

function fsReason(err: SqliteErrorLike): StateDbUnavailableReason | null {
  switch (err.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'missing';
    case 'EACCES':
    case 'EPERM':
    case 'EISDIR':
    case 'ELOOP':
      return 'unreadable';
    default:
      return null;
  }
}

/**
 * Maps an error thrown while reading state.db to a `STATE_DB_UNAVAILABLE` AppError; returns anything it
 * does not recognise (our own bugs) unchanged so it still surfaces as INTERNAL.
 */
export function classifyStateDbError(err: unknown, dbPath: string): unknown {
  if (err instanceof AppError) return err;
  if (typeof err !== 'object' || err === null) return err;
  const e = err as SqliteErrorLike;
  const reason = sqliteReason(e) ?? fsReason(e);
  if (!reason) return err;
  const extended = e.sqliteExtendedCode ?? e.errcode;
  const hint = extended === 1288 || extended === 1544 ? SHM_HINT : HINTS[reason];
  return stateDbUnavailable(reason, dbPath, e.message ?? String(err), hint);
}

/** Runs `fn`, converting SQLite/fs failures into classified AppErrors. */
export function withStateDbErrors<T>(dbPath: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw classifyStateDbError(err, dbPath);
  }
}

function columnsOf(db: DatabaseSyncInstance, table: string): Set<string> {
  const rows = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
  return new Set(rows.map((r) => r.name));
}

function probeSchema(db: DatabaseSyncInstance, dbPath: string): StateDbSchema {
  const cookie = (db.prepare('PRAGMA schema_version').get() as { schema_version: number }).schema_version;
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map(
      (r) => r.name,
    ),
  );
  if (tables.size === 0) {
    throw stateDbUnavailable('missing', dbPath, 'state.db has no tables yet');
  }
  if (!tables.has('sessions')) {
    throw stateDbUnavailable('old-schema', dbPath, 'no sessions table');
  }
  const sessionColumns = columnsOf(db, 'sessions');
  const essential = ['id', 'model', 'started_at'].filter((c) => !sessionColumns.has(c));
  if (essential.length > 0) {
    throw stateDbUnavailable('old-schema', dbPath, `sessions lacks ${essential.join(', ')}`);
  }
  let version: number | null = null;
  if (tables.has('schema_version')) {
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null } | undefined;
    version = row?.v ?? null;
  }
  const notes: string[] = [];
  const missingSession = SESSIONS_ANALYTICS_COLUMNS.filter((c) => !sessionColumns.has(c));
  if (missingSession.length > 0) {
    notes.push(`sessions lacks ${missingSession.join(', ')}: those figures read as empty`);
  }
  const usageColumns = tables.has('session_model_usage') ? columnsOf(db, 'session_model_usage') : null;
  let auxAvailable = false;
  if (!usageColumns) {
    notes.push('no session_model_usage table: auxiliary usage (vision, compression, …) is not available');
  } else if (!usageColumns.has('task')) {
    notes.push('session_model_usage has no task column: auxiliary usage is not available');
  } else {
    auxAvailable = true;
    const missingUsage = USAGE_ANALYTICS_COLUMNS.filter((c) => !usageColumns.has(c));
    if (missingUsage.length > 0) notes.push(`session_model_usage lacks ${missingUsage.join(', ')}`);
  }
  return {
    version,
    cookie,
    sessionColumns,
    usageColumns,
    auxAvailable,
    hasMessages: tables.has('messages'),
    degraded: notes.length > 0,
    notes,
  };
}

/** Opens a state.db file (not a home) read-only and probes its schema. */
export function openStateDbFile(dbPath: string, options: OpenStateDbOptions = {}): StateDb {
  return withStateDbErrors(dbPath, () => {
    const st = fs.statSync(dbPath);
    if (st.isDirectory()) throw stateDbUnavailable('unreadable', dbPath, 'path is a directory');
    if (st.size === 0) throw stateDbUnavailable('missing', dbPath, 'state.db is empty');
    fs.accessSync(dbPath, fs.constants.R_OK);
    const db = new DatabaseSync(dbPath, {
      readOnly: true,
      timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      enableForeignKeyConstraints: false,
    });
    try {
      const schema = probeSchema(db, dbPath);
      return {
        path: dbPath,
        db,
        schema,
        close: () => {
          if (db.isOpen) db.close();
        },
      };
    } catch (err) {
      db.close();
      throw err;
    }
  });
}

/** Opens `<home>/state.db` read-only. Throws `STATE_DB_UNAVAILABLE` (with a reason) on any failure. */
export function openStateDb(home: string, options: OpenStateDbOptions = {}): StateDb {
  return openStateDbFile(stateDbPath(home), options);
}
