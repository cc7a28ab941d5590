/**
 * Stable error codes that cross every channel (IPC and HTTP) as data.
 *
 * The UI switches on these codes to decide what to offer (reload, repair editor, unlock keychain, …),
 * so a code, once shipped, keeps its meaning. Add new ones; never repurpose old ones.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'INTERNAL',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'CANCELLED',
  'HOME_NOT_FOUND',
  'HOME_EXISTS',
  'PROFILE_NOT_FOUND',
  'CONFIG_NOT_FOUND',
  'CONFIG_PARSE_ERROR',
  'CONFIG_CONFLICT',
  'CONFIG_READ_ONLY',
  'CONFIG_EDIT_FAILED',
  'CONFIG_WRITE_FAILED',
  'BACKUP_NOT_FOUND',
  'BACKUP_CORRUPT',
  'ENV_PARSE_ERROR',
  'ENV_INVALID_KEY',
  'ENV_INVALID_VALUE',
  'STATE_DB_UNAVAILABLE',
  'UNKNOWN_PROVIDER',
  'UNKNOWN_TASK',
  'VALIDATION_FAILED',
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_LOCKED',
  'PROBE_FAILED',
  'UNDO_CONFLICT',
  'UNDO_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The serialisable shape of an error as it crosses a channel. */
export interface AppErrorData {
  code: ErrorCode;
  message: string;
  /** Code-specific, JSON-safe detail (e.g. line/column for CONFIG_PARSE_ERROR). Never holds secrets. */
  detail?: unknown;
}

/** Line/column of a YAML (or .env) parse failure, 1-based. */
export interface ParseErrorDetail {
  file: string;
  line: number;
  column: number;
  message: string;
  /** The offending source line, with secrets masked. */
  excerpt?: string;
}

/** Payload of CONFIG_CONFLICT: what the edit was based on and what is on disk now (secrets masked). */
export interface ConflictDetail {
  file: string;
  baseHash: string;
  currentHash: string;
  /** The version the edit was based on, masked. */
  ours: string;
  /** The version on disk now, masked. */
  theirs: string;
  /** Config paths (dotted) the external change touched that the edit also needed. */
  paths: string[];
}

/** HTTP status the browser host uses for each code on Hermes-compatible REST routes. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
    case 'UNKNOWN_PROVIDER':
    case 'UNKNOWN_TASK':
    case 'VALIDATION_FAILED':
    case 'ENV_INVALID_KEY':
    case 'ENV_INVALID_VALUE':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'HOME_NOT_FOUND':
    case 'PROFILE_NOT_FOUND':
    case 'CONFIG_NOT_FOUND':
    case 'BACKUP_NOT_FOUND':
    case 'UNDO_UNAVAILABLE':
      return 404;
    case 'CONFIG_CONFLICT':
    case 'HOME_EXISTS':
    case 'UNDO_CONFLICT':
      return 409;
    case 'CONFIG_PARSE_ERROR':
    case 'CONFIG_READ_ONLY':
    case 'ENV_PARSE_ERROR':
    case 'BACKUP_CORRUPT':
      return 422;
    case 'RATE_LIMITED':
      return 429;
    case 'KEYCHAIN_UNAVAILABLE':
    case 'KEYCHAIN_LOCKED':
    case 'STATE_DB_UNAVAILABLE':
      return 503;
    case 'CANCELLED':
      return 499;
    default:
      return 500;
  }
}

/** Payload of UNDO_CONFLICT: the later changes that touched what the undo would revert. */
export interface UndoConflictDetail {
  /** Dotted config paths (or .env variable names) both changes touched. */
  paths: string[];
  /** The later changes in the way, oldest first (backup ids, as returned by writes). */
  blocking: { id: string; createdAt: string; summary: string }[];
}
