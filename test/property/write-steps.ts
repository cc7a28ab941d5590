import fc from 'fast-check';

/**
 * Every write kind the app has, as data: what a person (or a REST script) asks for. Choices that
 * depend on the state at the time (which backup to restore or undo, which endpoint to remove) are an
 * index taken modulo what exists then, so a sequence stays meaningful while it shrinks.
 */

export type Step =
  | { kind: 'setMain'; via: 'ui' | 'rest'; provider: string; model: string; baseUrl?: string; apiKey?: string }
  | { kind: 'setTask'; via: 'ui' | 'rest'; task: string; provider: string; model: string }
  | { kind: 'setAll'; via: 'ui' | 'rest'; provider: string; model: string }
  | { kind: 'resetAll'; via: 'ui' | 'rest' }
  | { kind: 'fallback'; task: string | null; chain: { provider: string; model: string; base_url?: string }[] }
  | { kind: 'routing'; profiles: Record<string, { provider: string; model: string }> | null; rules: boolean; delegation: string | null }
  | { kind: 'routingReset' }
  | { kind: 'endpointSave'; section: 'providers' | 'custom_providers'; name: string; baseUrl: string }
  | { kind: 'endpointRemove'; pick: number }
  | { kind: 'keySet'; name: string; value: string }
  | { kind: 'keyDelete'; name: string }
  | { kind: 'restore'; pick: number; sections: string[] | null }
  | { kind: 'undo'; pick: number };

const MAIN: [string, string][] = [
  ['anthropic', 'claude-opus-4-8'],
  ['nous', 'z-ai/glm-5.2'],
  ['openrouter', 'anthropic/claude-sonnet-5'],
  ['claude', 'claude-sonnet-4-6'],
  ['acme-cloud', 'acme-large-2'],
];
const TASKS = ['vision', 'compression', 'mcp', 'title_generation', 'curator', ' Vision '];
const AUX: [string, string][] = [
  ['nous', 'google/gemini-3.5-flash'],
  ['anthropic', 'claude-haiku-4-5'],
  ['auto', ''],
  ['main', ''],
  ['openrouter', 'google/gemini-3.5-flash'],
];
const CHAIN = [
  { provider: 'anthropic', model: 'claude-sonnet-5' },
  { provider: 'nous', model: 'z-ai/glm-5.2' },
  { provider: 'openrouter', model: 'openai/gpt-5.5' },
  { provider: 'custom', model: 'qwen3-coder:30b', base_url: 'http://localhost:11434/v1' },
];
const KEYS = ['OPENROUTER_API_KEY', 'DEEPSEEK_API_KEY', 'GROQ_API_KEY'];
const SECTIONS = ['model', 'auxiliary', 'fallback_providers', 'model_profiles', 'providers', 'delegation'];

const via = fc.constantFrom('ui' as const, 'rest' as const);

const setMain: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('setMain' as const), via, pm: fc.constantFrom(...MAIN) }).map(({ via: v, pm }) => ({ kind: 'setMain' as const, via: v, provider: pm[0], model: pm[1] })),
  // A local endpoint: model.base_url/api_key plus a custom_providers entry (the issue-9 repro).
  fc.record({ port: fc.constantFrom(11434, 8000), model: fc.constantFrom('qwen3-coder:30b', 'llama3.3:70b') }).map(({ port, model }) => ({
    kind: 'setMain' as const,
    via: 'rest' as const,
    provider: 'custom',
    model,
    baseUrl: `http://localhost:${port}/v1`,
    apiKey: `sk-local-${port}`,
  })),
);

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: setMain },
  { weight: 3, arbitrary: fc.record({ via, task: fc.constantFrom(...TASKS), pm: fc.constantFrom(...AUX) }).map(({ via: v, task, pm }) => ({ kind: 'setTask' as const, via: v, task, provider: pm[0], model: pm[1] })) },
  { weight: 1, arbitrary: fc.record({ via, pm: fc.constantFrom(...AUX.slice(0, 2)) }).map(({ via: v, pm }) => ({ kind: 'setAll' as const, via: v, provider: pm[0], model: pm[1] })) },
  { weight: 1, arbitrary: via.map((v) => ({ kind: 'resetAll' as const, via: v })) },
  {
    weight: 2,
    arbitrary: fc.record({ task: fc.constantFrom(null, 'compression'), chain: fc.subarray(CHAIN, { maxLength: 3 }) }).map(({ task, chain }) => ({ kind: 'fallback' as const, task, chain: [...chain] })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        profiles: fc.option(fc.subarray(['coding', 'research'], { minLength: 1 }), { nil: null }),
        rules: fc.boolean(),
        delegation: fc.constantFrom(null, 'coding', ''),
      })
      .map(({ profiles, rules, delegation }) => ({
        kind: 'routing' as const,
        profiles: profiles === null ? null : Object.fromEntries(profiles.map((p) => [p, p === 'coding' ? { provider: 'anthropic', model: 'claude-opus-4-8' } : { provider: 'nous', model: 'z-ai/glm-5.2' }])),
        rules,
        delegation,
      })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'routingReset' as const }) },
  {
    weight: 1,
    arbitrary: fc
      .record({ section: fc.constantFrom('providers' as const, 'custom_providers' as const), n: fc.integer({ min: 1, max: 3 }) })
      .map(({ section, n }) => ({ kind: 'endpointSave' as const, section, name: `lab-box-${n}`, baseUrl: `http://10.0.0.${n}:8000/v1` })),
  },
  { weight: 1, arbitrary: fc.nat({ max: 5 }).map((pick) => ({ kind: 'endpointRemove' as const, pick })) },
  { weight: 1, arbitrary: fc.record({ name: fc.constantFrom(...KEYS), n: fc.integer({ min: 1, max: 99 }) }).map(({ name, n }) => ({ kind: 'keySet' as const, name, value: `sk-test-${name.length}-${n}` })) },
  { weight: 1, arbitrary: fc.constantFrom(...KEYS).map((name) => ({ kind: 'keyDelete' as const, name })) },
  {
    weight: 2,
    arbitrary: fc.record({ pick: fc.nat({ max: 8 }), sections: fc.option(fc.subarray(SECTIONS, { minLength: 1, maxLength: 2 }), { nil: null }) }).map(({ pick, sections }) => ({ kind: 'restore' as const, pick, sections })),
  },
  { weight: 3, arbitrary: fc.nat({ max: 8 }).map((pick) => ({ kind: 'undo' as const, pick })) },
);

/** Starting `.env` files. */
export const envArb = fc.constantFrom(
  '',
  'OPENROUTER_API_KEY=sk-or-v1-start\n',
  '# Hermes keys\r\nexport OPENROUTER_API_KEY=sk-or-v1-start\r\nANTHROPIC_API_KEY="sk-ant start"\r\n',
  '\uFEFFDEEPSEEK_API_KEY=sk-ds-start',
);
