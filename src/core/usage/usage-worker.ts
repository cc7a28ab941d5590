/**
 * Worker-thread entry of the usage engine (built as `out/main/usage-worker.js`, see
 * `electron.vite.config.mts`). One worker per open Hermes home: it owns that home's aggregate cache and
 * its read-only state.db connection, and answers `UsageWorkerMessage`s one at a time. See
 * `usage-backend.ts` for the host side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { replyError, runUsageRequest, type UsageWorkerData, type UsageWorkerMessage, type UsageWorkerReply } from './usage-backend';
import { UsageEngine } from './usage-engine';

const port = parentPort;
if (!port) throw new Error('usage-worker must run in a worker thread');

const engine = new UsageEngine(workerData as UsageWorkerData);

port.on('message', (message: UsageWorkerMessage) => {
  let reply: UsageWorkerReply;
  try {
    reply = { id: message.id, ok: true, data: runUsageRequest(engine, message.request) };
  } catch (err) {
    reply = { id: message.id, ok: false, error: replyError(err) };
  }
  port.postMessage(reply);
});
