import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitBlocks, splitLines } from '../../src/core/backups/text-blocks';
import { Core } from '../../src/core/core';
import { deepEqual, isPlainObject } from '../../src/core/config/plain-value';
import { parseYamlText } from '../../src/core/config/yaml-parse';
import { swapSectionCache } from '../../src/core/config/yaml-sections';
import { dotenvToMap, parseDotenv } from '../../src/core/env/dotenv';
import { createLogger } from '../../src/core/log/logger';
import { startFileArb, type StartFile } from './config-files';
import { fcParams, fcTimeout } from './fc-params';
import { envArb, stepArb, type Step } from './write-steps';

/**
 * Issue 9, "how to make sure it stays fixed": random sequences of every write kind the app has,
 * through the real channels (the handlers the UI and REST use), on generated starting files, run by
 * ONE long-lived engine (one Core, one HomeSession, one ConfigFile per file for the whole sequence).
 * After every step:
 *   - no internal error (a refusal the person would see — a validation problem, an undo conflict the
 *     history explains, a merge key that cannot be removed — is fine; the file is then untouched);
 *   - config.yaml parses, and what the step asked for is there;
 *   - every other top-level section keeps its bytes and no column-0 comment is lost;
 *   - an undo reverts exactly its change (checked against the test's own record of each change);
 *   - the bytes equal what a freshly started engine (a new Core on a copy of the home, with the
 *     module-level section cache emptied) makes of the same step.
 * Replay a failure with the FC_SEED/FC_PATH printed in the message.
 */

const quiet = createLogger({ write: () => undefined });
const roots: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  roots.push(dir);
  return dir;
}

async function openCore(home: string): Promise<Core> {
  return Core.create({ env: {}, platform: 'linux', homedir: home, dataDir: tempDir('sb-prop-data-'), host: 'browser', version: 't', homeOverride: home, logger: quiet });
}

type Outcome = { ok: true; data: Record<string, unknown> } | { ok: false; code: string; message: string };

interface Files {
  config: string;
  env: string;
}

function readFiles(home: string): Files {
  return { config: readFileSync(path.join(home, 'config.yaml'), 'utf8'), env: readFileSync(path.join(home, '.env'), 'utf8') };
}

function configValue(text: string): Record<string, unknown> {
  const p = parseYamlText(text);
  if (!p.ok) throw new Error(`config.yaml does not parse: ${p.error.message} (line ${p.error.line})`);
  return p.parsed.value as Record<string, unknown>;
}

function envValue(text: string): Record<string, string> {
  return Object.fromEntries(dotenvToMap(parseDotenv(text)));
}

interface Recorded {
  id: string;
  file: 'config' | 'env';
  before: unknown;
  after: unknown;
}

/** The concrete request for a step in the current state (null: nothing to do in this state). */
function request(step: Step, home: string, history: readonly Recorded[]): { channel: string; input: Record<string, unknown> } | null {
  const confirm = { confirm_expensive_model: true };
  switch (step.kind) {
    case 'setMain':
      return step.via === 'ui'
        ? { channel: 'models.setMain', input: { provider: step.provider, model: step.model, baseHash: null, confirmExpensive: true } }
        : { channel: 'models.set', input: { scope: 'main', provider: step.provider, model: step.model, ...(step.baseUrl && { base_url: step.baseUrl }), ...(step.apiKey && { api_key: step.apiKey }), ...confirm } };
    case 'setTask':
      return step.via === 'ui'
        ? { channel: 'models.setAux', input: { task: step.task, provider: step.provider, model: step.model, baseHash: null, confirmExpensive: true } }
        : { channel: 'models.set', input: { scope: 'auxiliary', task: step.task, provider: step.provider, model: step.model, ...confirm } };
    case 'setAll':
      return step.via === 'ui'
        ? { channel: 'models.setAux', input: { task: '', all: 'universe', provider: step.provider, model: step.model, baseHash: null, confirmExpensive: true } }
        : { channel: 'models.set', input: { scope: 'auxiliary', task: '', provider: step.provider, model: step.model, ...confirm } };
    case 'resetAll':
      return step.via === 'ui' ? { channel: 'models.setAux', input: { task: '__reset__', all: 'universe', baseHash: null } } : { channel: 'models.set', input: { scope: 'auxiliary', task: '__reset__' } };
    case 'fallback':
      return { channel: 'fallback.set', input: { ...(step.task !== null && { task: step.task }), chain: step.chain, baseHash: null } };
    case 'routing': {
      const input: Record<string, unknown> = { baseHash: null };
      if (step.profiles !== null) input.model_profiles = step.profiles;
      if (step.rules) input.model_routing = { rules: [{ if_toolsets_any: ['terminal', 'file'], profile: 'coding' }] };
      if (step.delegation !== null) input.delegation = { model_profile: step.delegation };
      if (Object.keys(input).length === 1) input.model_profiles = {};
      return { channel: 'routing.set', input };
    }
    case 'routingReset':
      return { channel: 'routing.reset', input: { baseHash: null } };
    case 'endpointSave':
      return { channel: 'endpoints.save', input: { baseHash: null, section: step.section, draft: { name: step.name, baseUrl: step.baseUrl, apiMode: 'auto' } } };
    case 'endpointRemove': {
      const v = configValue(readFiles(home).config);
      const refs: Record<string, unknown>[] = [];
      if (isPlainObject(v.providers)) for (const [key, e] of Object.entries(v.providers)) if (isPlainObject(e) && typeof e.base_url === 'string') refs.push({ origin: 'providers', key });
      if (Array.isArray(v.custom_providers)) v.custom_providers.forEach((e, index) => isPlainObject(e) && refs.push({ origin: 'custom_providers', index }));
      if (refs.length === 0) return null;
      return { channel: 'endpoints.remove', input: { baseHash: null, original: refs[step.pick % refs.length], force: true } };
    }
    case 'keySet':
      return { channel: 'keys.set', input: { name: step.name, value: step.value, store: 'env' } };
    case 'keyDelete':
      return { channel: 'keys.delete', input: { name: step.name, store: 'env' } };
    case 'restore': {
      const dir = path.join(home, 'config-backups');
      const ids = existsSync(dir) ? readdirSync(dir).filter((f) => /-config-.*\.bak$/.test(f)).map((f) => f.slice(0, -4)).sort().reverse() : [];
      if (ids.length === 0) return null;
      return { channel: 'backups.restore', input: { id: ids[step.pick % ids.length], ...(step.sections !== null && { sections: step.sections }) } };
    }
    case 'undo': {
      if (history.length === 0) return null;
      return { channel: 'backups.undo', input: { id: history[history.length - 1 - (step.pick % history.length)]!.id } };
    }
  }
}

async function dispatch(core: Core, channel: string, input: unknown): Promise<Outcome> {
  const r = (await core.dispatch(channel as never, input as never)) as { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };
  return r.ok ? { ok: true, data: r.data } : { ok: false, code: r.error.code, message: r.error.message };
}

/** Refusals a person would see and that leave the files alone. */
function legitimateRefusal(o: { code: string; message: string }): boolean {
  if (o.code === 'CONFIG_EDIT_FAILED') return !/internal/i.test(o.message);
  return ['VALIDATION_FAILED', 'UNDO_CONFLICT', 'UNDO_UNAVAILABLE', 'INVALID_INPUT', 'NOT_FOUND'].includes(o.code);
}

// ------------------------------------------------------------------------------ value-level oracle

const SEP = '\u0000';

/** Leaves by path; a mapping is followed, anything else (lists, scalars, empty mappings) is a leaf. */
function flatten(v: unknown, prefix: string[] = [], out = new Map<string, unknown>()): Map<string, unknown> {
  if (isPlainObject(v) && (Object.keys(v).length > 0 || prefix.length === 0)) {
    for (const [k, child] of Object.entries(v)) flatten(child, [...prefix, k], out);
  } else {
    out.set(prefix.join(SEP), v);
  }
  return out;
}

const overlaps = (a: string, b: string) => a === b || a.startsWith(b + SEP) || b.startsWith(a + SEP);

function changedPaths(before: unknown, after: unknown): string[] {
  const b = flatten(before);
  const a = flatten(after);
  return [...new Set([...b.keys(), ...a.keys()])].filter((p) => b.has(p) !== a.has(p) || !deepEqual(b.get(p), a.get(p)));
}

function topKeys(paths: readonly string[]): Set<string> {
  return new Set(paths.map((p) => p.split(SEP)[0]!));
}

/** A leaf sits at a proper prefix of `p` in `flat` (the parent is no longer a mapping). */
function blocked(flat: Map<string, unknown>, p: string): boolean {
  const parts = p.split(SEP);
  for (let i = 1; i < parts.length; i++) if (flat.has(parts.slice(0, i).join(SEP))) return true;
  return false;
}

function checkUndo(target: Recorded, pre: unknown, post: unknown, outcome: Outcome): void {
  const paths = changedPaths(target.before, target.after);
  const b = flatten(target.before);
  const a = flatten(target.after);
  const now = flatten(pre);
  const same = (m: Map<string, unknown>, n: Map<string, unknown>, p: string) => m.has(p) === n.has(p) && deepEqual(m.get(p), n.get(p));
  const inTheWay = paths.filter((p) => blocked(now, p) || (!same(now, a, p) && !same(now, b, p)));
  if (!outcome.ok) {
    if (outcome.code === 'UNDO_CONFLICT') expect(inTheWay, `UNDO_CONFLICT without a later change in the way: ${outcome.message}`).not.toEqual([]);
    return;
  }
  expect(inTheWay, 'undo succeeded although a later change touched the same keys').toEqual([]);
  const after = flatten(post);
  for (const p of paths) expect(same(after, b, p), `undo left ${p.split(SEP).join('.')} different from before the change`).toBe(true);
  for (const [p] of new Map([...now, ...after])) {
    if (paths.some((q) => overlaps(p, q))) continue;
    expect(same(after, now, p), `undo changed ${p.split(SEP).join('.')}, which its change did not touch`).toBe(true);
  }
}

// ------------------------------------------------------------------------------ text-level checks

/**
 * A top-level block's text from its key line to its last content line: without the comment run
 * attached above it and without the blank and column-0 comment lines after it (those lie between
 * sections; the comment check covers them).
 */
function blockBodies(text: string): Map<string, string> {
  const lines = splitLines(text);
  const out = new Map<string, string>();
  for (const b of splitBlocks(lines)) {
    if (b.key === null) continue;
    let start = b.start;
    while (start < b.end && lines[start]!.startsWith('#')) start++;
    let end = b.end;
    while (end > start + 1 && (lines[end - 1]!.trim() === '' || lines[end - 1]!.startsWith('#'))) end--;
    out.set(b.id, lines.slice(start, end).join('\n'));
  }
  return out;
}

/**
 * Column-0 comment lines, except those inside the body of an allowed section (between its key line
 * and its last content line), which an edit of that section may drop.
 */
function columnZeroComments(text: string, allowed: ReadonlySet<string>): string[] {
  const lines = splitLines(text);
  const out: string[] = [];
  for (const b of splitBlocks(lines)) {
    let bodyEnd = b.end;
    if (b.key !== null && allowed.has(b.key)) {
      while (bodyEnd > b.start && (lines[bodyEnd - 1]!.trim() === '' || lines[bodyEnd - 1]!.startsWith('#'))) bodyEnd--;
    }
    let i = b.start;
    for (; i < b.end && lines[i]!.startsWith('#'); i++) out.push(lines[i]!);
    for (; i < b.end; i++) {
      const inBody = b.key !== null && allowed.has(b.key) && i < bodyEnd;
      if (!inBody && lines[i]!.startsWith('#')) out.push(lines[i]!);
    }
  }
  return out;
}

function checkOthersUntouched(where: string, before: string, after: string, allowed: ReadonlySet<string>, comments: boolean): void {
  const a = blockBodies(before);
  const b = blockBodies(after);
  for (const [id, body] of a) {
    const key = id.replace(/#\d+$/, '');
    if (allowed.has(key)) continue;
    expect(b.get(id), `${where}: section ${id} changed although the step did not edit it`).toBe(body);
  }
  if (comments) expect(columnZeroComments(after, allowed), `${where}: a column-0 comment was lost or changed`).toEqual(columnZeroComments(before, allowed));
}

const ALLOWED: Partial<Record<Step['kind'], string[]>> = {
  setMain: ['model', 'custom_providers'],
  setTask: ['auxiliary'],
  setAll: ['auxiliary'],
  resetAll: ['auxiliary'],
  fallback: ['fallback_providers', 'fallback_model', 'auxiliary'],
  routing: ['model_profiles', 'model_routing', 'delegation'],
  routingReset: ['model_profiles', 'model_routing', 'delegation'],
  endpointSave: ['providers', 'custom_providers'],
  endpointRemove: ['providers', 'custom_providers'],
  keySet: [],
  keyDelete: [],
};

function aux(v: Record<string, unknown>, task: string): Record<string, unknown> {
  const a = v.auxiliary;
  const t = isPlainObject(a) ? a[task] : undefined;
  return isPlainObject(t) ? t : {};
}

function chainOf(v: Record<string, unknown>, task: string | null): { provider: unknown; model: unknown }[] {
  const list = task === null ? v.fallback_providers : aux(v, task).fallback_chain;
  return (Array.isArray(list) ? list : []).map((e) => ({ provider: (e as Record<string, unknown>).provider, model: (e as Record<string, unknown>).model }));
}

/** What the step asked for is in the result. */
function checkIntended(step: Step, data: Record<string, unknown>, v: Record<string, unknown>, env: Record<string, string>, backupText: string | null): void {
  switch (step.kind) {
    case 'setMain':
      expect(v.model).toMatchObject({ provider: data.provider, default: data.model });
      if (step.baseUrl) {
        expect(v.model).toMatchObject({ base_url: step.baseUrl, api_key: step.apiKey });
        expect(v.custom_providers).toEqual(expect.arrayContaining([expect.objectContaining({ base_url: step.baseUrl })]));
      }
      return;
    case 'setTask':
    case 'setAll':
      for (const t of data.tasks as string[]) expect(aux(v, t)).toMatchObject({ provider: data.provider, model: data.model });
      return;
    case 'resetAll':
      for (const t of data.tasks as string[]) expect(aux(v, t)).toMatchObject({ provider: 'auto', model: '' });
      return;
    case 'fallback':
      expect(chainOf(v, step.task)).toEqual(step.chain.map((e) => ({ provider: e.provider, model: e.model })));
      if (step.task === null) expect(v.fallback_model).toBeUndefined();
      return;
    case 'routing':
      if (step.profiles !== null) for (const [name, p] of Object.entries(step.profiles)) expect((v.model_profiles as Record<string, unknown>)[name]).toMatchObject(p);
      if (step.delegation !== null) expect(((v.delegation as Record<string, unknown> | undefined)?.model_profile ?? '') as string).toBe(step.delegation);
      return;
    case 'routingReset':
      expect(v.model_profiles).toBeUndefined();
      expect(v.model_routing).toBeUndefined();
      return;
    case 'endpointSave':
      if (step.section === 'providers') expect((v.providers as Record<string, unknown>)[data.selector as string]).toMatchObject({ base_url: step.baseUrl });
      else expect(v.custom_providers).toEqual(expect.arrayContaining([expect.objectContaining({ name: step.name, base_url: step.baseUrl })]));
      return;
    case 'keySet':
      expect(env[step.name]).toBe(step.value);
      return;
    case 'keyDelete':
      expect(step.name in env).toBe(false);
      return;
    case 'restore': {
      if (backupText === null) return;
      if (data.whole === true || (data.keys as string[]).length === 0) return;
      const b = configValue(backupText);
      for (const k of data.keys as string[]) expect(v[k], `restored ${k}`).toEqual(b[k]);
      return;
    }
    default:
      return;
  }
}

// ------------------------------------------------------------------------------ the run

/** Runs a check, naming the step in its failure. */
function at(where: string, check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof Error) err.message = `${where}: ${err.message}`;
    throw err;
  }
}

async function runSequence(start: StartFile, envStart: string, steps: Step[]): Promise<void> {
  const home = tempDir('sb-prop-home-');
  writeFileSync(path.join(home, 'config.yaml'), start.text);
  writeFileSync(path.join(home, '.env'), envStart, { mode: 0o600 });
  const engine = await openCore(home);
  const history: Recorded[] = [];
  try {
    for (const [n, step] of steps.entries()) {
      const req = request(step, home, history);
      if (req === null) continue;
      const where = `step ${n + 1} (${step.kind} ${JSON.stringify(req.input)})`;
      const before = readFiles(home);
      const undoTarget = req.channel === 'backups.undo' ? history.find((h) => h.id === req.input.id)! : null;
      const restoreText = req.channel === 'backups.restore' ? readFileSync(path.join(home, 'config-backups', `${String(req.input.id)}.bak`), 'utf8') : null;

      // The same step on a freshly started engine, from a copy of the same home.
      const copy = tempDir('sb-prop-fresh-');
      cpSync(home, copy, { recursive: true });
      const keptCache = swapSectionCache();
      const fresh = await openCore(copy);
      const freshOutcome = await dispatch(fresh, req.channel, req.input);
      await fresh.close();
      swapSectionCache(keptCache);
      const freshFiles = readFiles(copy);

      const outcome = await dispatch(engine, req.channel, req.input);
      const after = readFiles(home);

      if (!outcome.ok) {
        expect(legitimateRefusal(outcome), `${where}: ${outcome.code} ${outcome.message}`).toBe(true);
        expect(after, `${where}: a refused step changed a file`).toEqual(before);
      }
      expect(freshOutcome.ok ? 'ok' : freshOutcome.code, `${where}: a fresh engine answered differently`).toBe(outcome.ok ? 'ok' : outcome.code);
      expect(after.config, `${where}: config.yaml differs from what a fresh engine writes`).toBe(freshFiles.config);
      expect(after.env, `${where}: .env differs from what a fresh engine writes`).toBe(freshFiles.env);

      const pre = configValue(before.config);
      const post = configValue(after.config);
      const preEnv = envValue(before.env);
      const postEnv = envValue(after.env);
      if (undoTarget) at(where, () => checkUndo(undoTarget, undoTarget.file === 'env' ? preEnv : pre, undoTarget.file === 'env' ? postEnv : post, outcome));
      if (!outcome.ok) continue;

      at(where, () => checkIntended(step, outcome.data, post, postEnv, restoreText));
      const allowed = ALLOWED[step.kind];
      if (allowed) {
        checkOthersUntouched(where, before.config, after.config, new Set(allowed), true);
        if (step.kind !== 'keySet' && step.kind !== 'keyDelete') expect(after.env, `${where}: .env changed`).toBe(before.env);
      } else if (req.channel === 'backups.restore' && outcome.data.whole !== true && Array.isArray(outcome.data.keys) && (outcome.data.keys as string[]).length > 0) {
        checkOthersUntouched(where, before.config, after.config, new Set(outcome.data.keys as string[]), false);
      } else if (undoTarget && undoTarget.file === 'config') {
        checkOthersUntouched(where, before.config, after.config, topKeys(changedPaths(undoTarget.before, undoTarget.after)), false);
      }

      // Record the change this step made, for later undo steps.
      const id = (outcome.data.backupId ?? outcome.data.preRestoreId ?? outcome.data.envBackupId ?? (outcome.data.write as Record<string, unknown> | undefined)?.backupId) as string | null | undefined;
      if (id) {
        const file = id.includes('-env-') ? 'env' : 'config';
        history.push({ id, file, before: file === 'env' ? preEnv : pre, after: file === 'env' ? postEnv : post });
      }
    }
  } finally {
    await engine.close();
  }
}

describe('config engine: one long-lived engine through random sequences of every write kind', () => {
  it(
    'never fails internally, writes what was asked and nothing else, and matches a fresh engine after every step',
    async () => {
      try {
        await fc.assert(
          fc.asyncProperty(startFileArb, envArb, fc.array(stepArb, { minLength: 1, maxLength: 10 }), async (start, envStart, steps) => {
            await runSequence(start, envStart, steps);
          }),
          fcParams('engine-sequences', { numRuns: 24, timeLimitMs: 150_000 }),
        );
      } finally {
        for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
      }
    },
    fcTimeout(240_000),
  );
});
