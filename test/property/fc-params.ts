import fc from 'fast-check';

/**
 * fast-check parameters for the property tests: a fixed run count (bounded for CI), a random seed
 * unless `FC_SEED` (and `FC_PATH`) replays a failure, and a failure message that says how to replay it.
 *
 *   FC_SEED=<seed> FC_PATH=<path> scripts/with-keyring.sh npx vitest run test/property
 *   FC_RUNS=<n>   overrides numRuns (e.g. a long local soak)
 */
export function fcParams<T>(name: string, defaults: { numRuns: number; timeLimitMs?: number }): fc.Parameters<T> {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
  const path = process.env.FC_PATH || undefined;
  const runs = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : defaults.numRuns;
  return {
    numRuns: runs,
    verbose: 0,
    // A wall-clock cap for slow properties on a loaded machine: a failure found so far is still
    // reported (shrinking stops there); without one, fewer runs pass. Not applied to soaks (FC_RUNS).
    ...(defaults.timeLimitMs !== undefined && !process.env.FC_RUNS && { interruptAfterTimeLimit: defaults.timeLimitMs, markInterruptAsFailure: false }),
    ...(seed !== undefined && Number.isFinite(seed) && { seed }),
    ...(path !== undefined && { path, endOnFailure: true }),
    reporter: (details) => {
      if (!details.failed) return;
      const replay = `FC_SEED=${details.seed}${details.counterexamplePath ? ` FC_PATH=${details.counterexamplePath}` : ''}`;
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(`[${name}] property failed — replay with:\n  ${replay} scripts/with-keyring.sh npx vitest run test/property\n\n${fc.defaultReportMessage(details) ?? ''}\n\nCause: ${cause}`);
    },
  };
}

/** Vitest timeout for a property test: generous for the default run count, unbounded-ish for a soak. */
export function fcTimeout(defaultMs = 120_000): number {
  return process.env.FC_RUNS ? 3_600_000 : defaultMs;
}
