import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChainTest, FallbackEntryIn } from '../../../../shared/contract/routing';
import type { AppErrorData } from '../../../../shared/errors';
import type { ProbeResult } from '../../../../shared/domain/probes';
import { useBackend } from '../../lib/hooks';

function newRunId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `run-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * "Test chain": probes every entry (streamed as `probe.result` events carrying this run's id, the
 * target ids being `chain:<n>`), then keeps the final answer (verdicts, the entry that would serve).
 */
export function useChainTest(task: string | null) {
  const client = useBackend();
  const [results, setResults] = useState<Record<string, ProbeResult>>({});
  const [final, setFinal] = useState<ChainTest | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const runRef = useRef<string | null>(null);

  useEffect(
    () =>
      client.on('probe.result', ({ runId: id, result }) => {
        if (id !== runRef.current) return;
        setResults((prev) => ({ ...prev, [result.targetId]: result }));
      }),
    [client],
  );

  const run = useCallback(
    async (chain: FallbackEntryIn[] | undefined) => {
      const id = newRunId();
      runRef.current = id;
      setRunId(id);
      setResults({});
      setFinal(null);
      setError(null);
      const r = await client.call('fallback.test', { runId: id, task, ...(chain !== undefined && { chain }) });
      if (runRef.current !== id) return;
      runRef.current = null;
      setRunId(null);
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setResults(Object.fromEntries(r.data.entries.flatMap((e) => (e.result ? [[e.target_id, e.result]] : []))));
      setFinal(r.data);
    },
    [client, task],
  );

  const cancel = useCallback(async () => {
    if (runRef.current) await client.call('fallback.cancelTest', { runId: runRef.current });
  }, [client]);

  const clear = useCallback(() => {
    runRef.current = null;
    setRunId(null);
    setResults({});
    setFinal(null);
    setError(null);
  }, []);

  return { results, final, running: runId !== null, run, cancel, clear, error };
}
