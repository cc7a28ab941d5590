import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { auxTaskUniverse, DASHBOARD_AUX_TASK_KEYS, DEFAULT_AUX_TASKS, humanizeTaskKey, newerUpstreamTasks } from './aux-tasks';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/configs/hermes-sample.yaml');
const sampleConfig = parseDocument(readFileSync(FIXTURE, 'utf8'), { version: '1.1' }).toJS() as { auxiliary: unknown };

const DEFAULT_ORDER = [
  'vision',
  'web_extract',
  'compression',
  'skills_hub',
  'approval',
  'mcp',
  'title_generation',
  'memory_query_rewrite',
  'tts_audio_tags',
  'triage_specifier',
  'kanban_decomposer',
  'profile_describer',
  'goal_judge',
  'curator',
  'monitor',
  'background_review',
  'moa_reference',
  'moa_aggregator',
];

describe('DEFAULT_AUX_TASKS (reference §2.5)', () => {
  it('lists the 18 DEFAULT_CONFIG tasks in order', () => {
    expect(DEFAULT_AUX_TASKS.map((t) => t.key)).toEqual(DEFAULT_ORDER);
  });

  it('marks 11 dashboard slots and 13 CLI-menu tasks', () => {
    expect(DEFAULT_AUX_TASKS.filter((t) => t.dashboard).map((t) => t.key).sort()).toEqual([...DASHBOARD_AUX_TASK_KEYS].sort());
    expect(DASHBOARD_AUX_TASK_KEYS).toHaveLength(11);
    expect(DEFAULT_AUX_TASKS.filter((t) => t.cliMenu)).toHaveLength(13);
    expect(DEFAULT_AUX_TASKS.filter((t) => !t.cliMenu).map((t) => t.key)).toEqual([
      'goal_judge',
      'monitor',
      'background_review',
      'moa_reference',
      'moa_aggregator',
    ]);
  });

  it('matches the sample config’s timeouts and reasoning_effort keys', () => {
    const aux = sampleConfig.auxiliary as Record<string, Record<string, unknown>>;
    for (const task of DEFAULT_AUX_TASKS) {
      const block = aux[task.key];
      expect(block, task.key).toBeDefined();
      expect('reasoning_effort' in (block ?? {}), task.key).toBe(task.hasReasoningEffort);
    }
    // The sample raises compression to 180 s; every other task keeps its default.
    const changed = DEFAULT_AUX_TASKS.filter((t) => aux[t.key]?.timeout !== t.defaultTimeout).map((t) => t.key);
    expect(changed).toEqual(['compression']);
  });

  it('has labels and hints for every task', () => {
    for (const task of [...DEFAULT_AUX_TASKS, ...newerUpstreamTasks]) {
      expect(task.label.length).toBeGreaterThan(1);
      expect(task.hint.length).toBeGreaterThan(5);
    }
    expect(newerUpstreamTasks.map((t) => t.key)).toEqual(['review']);
  });
});

describe('auxTaskUniverse', () => {
  it('puts the 11 dashboard slots first, then the other defaults (sample config)', () => {
    const universe = auxTaskUniverse(sampleConfig.auxiliary);
    expect(universe.map((t) => t.key)).toEqual([
      ...DASHBOARD_AUX_TASK_KEYS,
      'memory_query_rewrite',
      'tts_audio_tags',
      'goal_judge',
      'monitor',
      'background_review',
      'moa_reference',
      'moa_aggregator',
    ]);
    expect(universe.slice(0, 11).every((t) => t.group === 'dashboard')).toBe(true);
    expect(universe.slice(11).every((t) => t.group === 'more')).toBe(true);
    expect(universe.every((t) => t.configured)).toBe(true);
    expect(universe.some((t) => t.key === 'transient_retries')).toBe(false);
  });

  it('adds config-only tasks (file order) then plugin tasks, skipping non-mappings', () => {
    const universe = auxTaskUniverse(
      {
        transient_retries: 2,
        free_only: false,
        openrouter_model: '',
        stream_only_base_urls: [],
        zeta_task: { provider: 'auto' },
        review: { provider: 'openrouter', model: 'x' },
        alpha_task: { provider: 'auto' },
        scalar_thing: 'yes',
        list_thing: [1, 2],
        vision: { provider: 'openrouter' },
      },
      ['my_plugin_task', { key: 'alpha_task', label: 'Alpha (plugin)' }, { key: 'other_plugin', hint: 'Does other things', defaultTimeout: 45 }],
    );
    const keys = universe.map((t) => t.key);
    expect(keys.slice(0, 18)).toEqual([...DASHBOARD_AUX_TASK_KEYS, ...DEFAULT_ORDER.filter((k) => !DASHBOARD_AUX_TASK_KEYS.includes(k))]);
    expect(keys.slice(18)).toEqual(['zeta_task', 'review', 'alpha_task', 'my_plugin_task', 'other_plugin']);
    const byKey = new Map(universe.map((t) => [t.key, t]));
    expect(byKey.get('zeta_task')).toMatchObject({ origin: 'config', label: 'Zeta task', configured: true, group: 'more' });
    expect(byKey.get('review')).toMatchObject({ origin: 'newer-upstream', label: 'Review', configured: true });
    expect(byKey.get('alpha_task')).toMatchObject({ origin: 'plugin', label: 'Alpha (plugin)', configured: true });
    expect(byKey.get('my_plugin_task')).toMatchObject({ origin: 'plugin', configured: false, cliMenu: true });
    expect(byKey.get('other_plugin')).toMatchObject({ hint: 'Does other things', defaultTimeout: 45 });
    expect(byKey.get('vision')).toMatchObject({ configured: true, origin: 'default' });
    expect(byKey.get('curator')).toMatchObject({ configured: false, defaultTimeout: 600 });
  });

  it('works without any config', () => {
    expect(auxTaskUniverse(undefined)).toHaveLength(18);
    expect(auxTaskUniverse('garbage').map((t) => t.key)).toEqual(auxTaskUniverse(null).map((t) => t.key));
    expect(auxTaskUniverse(null).every((t) => !t.configured)).toBe(true);
  });

  it('does not duplicate a plugin task that is also a default', () => {
    const universe = auxTaskUniverse({}, ['vision', 'vision', '']);
    expect(universe.filter((t) => t.key === 'vision')).toHaveLength(1);
    expect(universe).toHaveLength(18);
  });
});

describe('humanizeTaskKey', () => {
  it('turns keys into labels', () => {
    expect(humanizeTaskKey('kanban_decomposer')).toBe('Kanban decomposer');
    expect(humanizeTaskKey('my-task')).toBe('My task');
  });
});
