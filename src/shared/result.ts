import type { AppErrorData } from './errors';

/** Every channel answers with this envelope: data on success, an error with a stable code otherwise. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorData };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail<T = never>(error: AppErrorData): Result<T> {
  return { ok: false, error };
}
