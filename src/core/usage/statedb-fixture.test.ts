import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseSync } from '@photostructure/sqlite';
import { generateStateDb } from './statedb-fixture';
import { STATEDB_SCHEMA_VERSION } from './statedb-schema';
import { readAllRows } from './test-support/reference-analytics';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-fixture-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const NOW = 1_785_000_000;

describe('generateStateDb', () => {
  const file = path.join(tmp, 'state.db');
  const gen = generateStateDb(file, { sessions: 60, days: 100, now: NOW, seed: 7 });
  const rows = readAllRows(file);

  it('writes what it reports, in rowid order', () => {
    expect(gen.sessionCount).toBe(60);
    expect(rows.sessions).toHaveLength(60);
    expect(rows.usage).toHaveLength(gen.usageCount);
    expect(rows.sessions.map((s) => s.id)).toEqual(gen.records?.sessions.map((s) => s.id));
    const back = rows.sessions.map((s) => ({ id: s.id, in: s.input_tokens, cost: s.estimated_cost_usd, ended: s.ended_at }));
    const recorded = gen.records?.sessions.map((s) => ({ id: s.id, in: s.input_tokens, cost: s.estimated_cost_usd, ended: s.ended_at }));
    expect(back).toEqual(recorded);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = generateStateDb(path.join(tmp, 'again.db'), { sessions: 60, days: 100, now: NOW, seed: 7 });
    const other = generateStateDb(path.join(tmp, 'other.db'), { sessions: 60, days: 100, now: NOW, seed: 8 });
    expect(again.records).toEqual(gen.records);
    expect(other.records?.sessions.map((s) => s.id)).not.toEqual(gen.records?.sessions.map((s) => s.id));
  });

  it('has the schema-23 layout with the large system_prompt before started_at, in WAL mode', () => {
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      expect(db.prepare('SELECT version FROM schema_version').get()).toEqual({ version: STATEDB_SCHEMA_VERSION });
      const cols = (db.prepare('PRAGMA table_info(sessions)').all() as Array<{ name: string }>).map((c) => c.name);
      expect(cols.indexOf('system_prompt')).toBeLessThan(cols.indexOf('started_at'));
      expect(cols.indexOf('started_at')).toBeLessThan(cols.indexOf('input_tokens'));
      expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
      const idx = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>).map((r) => r.name);
      expect(idx).toEqual(expect.arrayContaining(['idx_sessions_started', 'idx_session_model_usage_session']));
      const prompt = db.prepare('SELECT AVG(LENGTH(system_prompt)) AS avg FROM sessions').get() as { avg: number };
      expect(prompt.avg).toBeGreaterThan(1000);
    } finally {
      db.close();
    }
  });

  it('covers every case of the recipe', () => {
    const s = rows.sessions;
    const u = rows.usage;
    // Legacy row: model, no billing provider, no usage.
    expect(s.filter((r) => r.billing_provider === null && r.model && r.input_tokens === 0 && r.api_call_count === 0)).toHaveLength(1);
    // Open sessions.
    expect(s.filter((r) => r.ended_at === null).length).toBeGreaterThanOrEqual(2);
    // Gateway sessions have no task='' rows.
    const tg = s.filter((r) => r.source === 'telegram');
    expect(tg.length).toBeGreaterThan(0);
    const mainRowsOf = (id: unknown): Array<Record<string, unknown>> => u.filter((r) => r.session_id === id && r.task === '');
    for (const r of tg) expect(mainRowsOf(r.id)).toHaveLength(0);
    // CLI sessions with usage mirror their counters in task='' rows (two rows after a /model switch).
    const cli = s.filter((r) => r.source === 'cli' && (r.api_call_count as number) > 0);
    for (const r of cli) {
      const main = mainRowsOf(r.id);
      expect(main.length).toBeGreaterThanOrEqual(1);
      expect(main.reduce((t, m) => t + (m.input_tokens as number), 0)).toBe(r.input_tokens);
    }
    // Auxiliary rows and cost statuses.
    const tasks = new Set(u.filter((r) => r.task !== '').map((r) => r.task));
    expect(tasks).toContain('title_generation');
    expect(tasks).toContain('compression');
    const statuses = new Set(s.map((r) => r.cost_status));
    for (const st of ['estimated', 'included', 'unknown']) expect(statuses).toContain(st);
    expect(s.some((r) => r.cost_status === 'unknown' && (r.input_tokens as number) > 0 && r.estimated_cost_usd === null)).toBe(true);
    expect(s.filter((r) => r.cost_status === 'included' && mainRowsOf(r.id).length <= 1).every((r) => r.billing_mode === 'subscription_included' && r.estimated_cost_usd === 0)).toBe(true);
  });

  it('produces a mid-session model switch at scale', () => {
    const big = generateStateDb(path.join(tmp, 'big.db'), { sessions: 2000, days: 200, now: NOW, seed: 3, systemPromptBytes: 256, messagesPerSession: [0, 0] });
    const bySession = new Map<string, Set<string>>();
    for (const r of big.records?.usage ?? []) {
      if (r.task !== '') continue;
      const set = bySession.get(r.session_id) ?? new Set<string>();
      set.add(r.model);
      bySession.set(r.session_id, set);
    }
    const switched = [...bySession.entries()].filter(([, models]) => models.size === 2);
    expect(switched.length).toBeGreaterThan(10);
    const sessions = new Map(big.records?.sessions.map((s) => [s.id, s]));
    for (const [id, models] of switched) expect(models.has(sessions.get(id)?.model as string)).toBe(true);
    expect(big.records?.sessions.filter((s) => s.ended_at === null).length).toBeGreaterThan(2); // orphans too
  });
});
