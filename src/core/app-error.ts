import type { AppErrorData, ErrorCode } from '../shared/errors';

/**
 * An expected failure with a stable code. Core code throws it; the dispatcher turns it into
 * `{ ok: false, error }` so it crosses IPC/HTTP as data. Anything else thrown is a bug (INTERNAL).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: unknown;

  constructor(code: ErrorCode, message: string, detail?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }

  toData(): AppErrorData {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
