import path from 'node:path';
import { describe, it } from 'vitest';
import { runChannelGolden, type ChannelGoldenCase } from '../helpers/channel-golden';
import { useTempDir } from '../helpers/temp-home';

/**
 * Golden files for every fallback and routing write: each case runs a real channel (the dispatch the
 * UI and the REST API use) on a corpus file in a temp home, then checks the exact lines removed and
 * added, the byte-for-byte result in test/golden/routing/<fixture>--<case>.yaml, the backup reason,
 * and values Hermes will read. `UPDATE_GOLDEN=1` rewrites the golden files (review the diff!).
 *
 * Chains are sent the way the editor sends them: entries carry `source` (which entry on disk they
 * were), so keys the editor does not edit survive and untouched entries keep their bytes.
 */
const tempDir = useTempDir('sb-routing-golden-');
const CONFIGS = path.join(__dirname, '../fixtures/configs');
const ROUTING_FIXTURES = path.join(__dirname, '../fixtures/routing');
const GOLDEN = path.join(__dirname, '../golden/routing');

type Src = { origin: 'fallback_providers' | 'fallback_model' | 'fallback_chain'; index: number };
const fp = (index: number): Src => ({ origin: 'fallback_providers', index });
const fm = (index: number): Src => ({ origin: 'fallback_model', index });
const fc = (index: number): Src => ({ origin: 'fallback_chain', index });

/** hermes-sample's two fallback_providers entries as the editor sends them back unchanged. */
const SAMPLE_0 = { provider: 'anthropic', model: 'claude-sonnet-5', base_url: '', key_env: '', api_mode: '', source: fp(0) };
const SAMPLE_1 = { provider: 'custom', model: 'qwen3-coder:30b', base_url: 'http://localhost:11434/v1', key_env: 'OLLAMA_LOCAL_KEY', api_mode: '', source: fp(1) };
const COMPRESSION_0 = { provider: 'nous', model: 'google/gemini-3.5-flash', source: fc(0) };
const COMPRESSION_1 = { provider: 'custom', model: 'qwen3-coder:30b', base_url: 'http://localhost:11434/v1', source: fc(1) };

interface Case extends ChannelGoldenCase {
  reason: 'fallback' | 'routing';
}

const CASES: Case[] = [
  // ------------------------------------------------------------------------ main chain
  {
    fixture: 'hermes-sample',
    name: 'fallback-reorder',
    channel: 'fallback.set',
    request: { chain: [SAMPLE_1, SAMPLE_0] },
    removed: ['  - provider: anthropic', '    model: claude-sonnet-5'],
    added: ['  - provider: anthropic', '    model: claude-sonnet-5'],
    reason: 'fallback',
    value: { 'fallback_providers.0.provider': 'custom', 'fallback_providers.0.key_env': 'OLLAMA_LOCAL_KEY', 'fallback_providers.1.provider': 'anthropic' },
  },
  {
    fixture: 'hermes-sample',
    name: 'fallback-add-alias',
    channel: 'fallback.set',
    // `claude` is an alias: written as `anthropic`, the model id normalised for Anthropic's API.
    request: { chain: [SAMPLE_0, SAMPLE_1, { provider: 'claude', model: 'anthropic/claude-opus-4.8' }] },
    removed: [],
    added: ['  - provider: anthropic', '    model: claude-opus-4-8'],
    reason: 'fallback',
    answer: {
      rewritten: [
        { index: 2, field: 'provider', from: 'claude', to: 'anthropic' },
        { index: 2, field: 'model', from: 'anthropic/claude-opus-4.8', to: 'claude-opus-4-8' },
      ],
      migrated_legacy: false,
    },
  },
  {
    fixture: 'hermes-sample',
    name: 'fallback-edit',
    channel: 'fallback.set',
    request: { chain: [{ ...SAMPLE_0, model: 'claude-opus-4.8' }, { ...SAMPLE_1, key_env: '', api_mode: 'chat_completions' }] },
    removed: ['    model: claude-sonnet-5', '    key_env: OLLAMA_LOCAL_KEY'],
    added: ['    model: claude-opus-4-8', '    api_mode: chat_completions'],
    reason: 'fallback',
    value: { 'fallback_providers.1.key_env': undefined, 'fallback_providers.1.base_url': 'http://localhost:11434/v1' },
  },
  {
    fixture: 'hermes-sample',
    name: 'fallback-remove',
    channel: 'fallback.set',
    request: { chain: [SAMPLE_1] },
    removed: ['  - provider: anthropic', '    model: claude-sonnet-5'],
    added: [],
    reason: 'fallback',
  },
  {
    fixture: 'heavily-commented',
    name: 'fallback-reorder',
    channel: 'fallback.set',
    request: {
      chain: [
        { provider: 'custom', model: 'qwen3-coder:30b', base_url: 'http://localhost:11434/v1', source: fp(1) },
        { provider: 'anthropic', model: 'claude-sonnet-5', source: fp(0) },
      ],
    },
    removed: ['  # First choice when OpenRouter is down:', '  - provider: anthropic', '    model: claude-sonnet-5   # direct, needs ANTHROPIC_API_KEY', ''],
    added: ['  # First choice when OpenRouter is down:', '  - provider: anthropic', '    model: claude-sonnet-5   # direct, needs ANTHROPIC_API_KEY', ''],
    reason: 'fallback',
  },
  {
    fixture: 'anchors-merge',
    name: 'fallback-reorder',
    channel: 'fallback.set',
    // The first entry is an alias of an anchor: it moves as `*cheap`, the anchor stays where it is.
    request: { chain: [{ provider: 'anthropic', model: 'claude-sonnet-5', source: fp(1) }, { provider: 'nous', model: 'z-ai/glm-5.2', source: fp(0) }] },
    removed: ['  - *cheap'],
    added: ['  - *cheap'],
    reason: 'fallback',
    value: { 'auxiliary.approval.provider': 'nous', 'fallback_providers.1.model': 'z-ai/glm-5.2' },
  },
  {
    fixture: 'flow-style',
    name: 'fallback-add',
    channel: 'fallback.set',
    request: { chain: [{ provider: 'anthropic', model: 'claude-sonnet-5', source: fp(0) }, { provider: 'nous', model: 'z-ai/glm-5.2', source: fp(1) }, { provider: 'deepseek', model: 'deepseek-chat' }] },
    removed: ['fallback_providers: [{provider: anthropic, model: claude-sonnet-5}, {provider: nous, model: z-ai/glm-5.2}]'],
    added: ['fallback_providers: [{provider: anthropic, model: claude-sonnet-5}, {provider: nous, model: z-ai/glm-5.2}, {provider: deepseek, model: deepseek-chat}]'],
    reason: 'fallback',
  },
  {
    fixture: 'legacy-fallback-mapping',
    name: 'migrate',
    channel: 'fallback.set',
    // The chain as GET shows it, sent back unchanged: fallback_model moves into fallback_providers.
    request: { chain: [{ provider: 'anthropic', model: 'claude-sonnet-5', source: fp(0) }, { provider: 'nous', model: 'z-ai/glm-5.2', source: fm(0) }] },
    removed: ['fallback_model:', '  provider: nous', '  model: z-ai/glm-5.2', '  extra_body:', '    reasoning: {effort: low}'],
    added: ['  - provider: nous', '    model: z-ai/glm-5.2', '    extra_body:', '      reasoning:', '        effort: low'],
    reason: 'fallback',
    answer: { migrated_legacy: true },
    value: { fallback_model: undefined, 'fallback_providers.1.extra_body.reasoning.effort': 'low' },
  },
  {
    fixture: 'legacy-fallback-list',
    name: 'migrate-dedup',
    channel: 'fallback.set',
    request: { chain: [{ provider: 'anthropic', model: 'claude-opus-4-8', source: fp(0) }, { provider: 'deepseek', model: 'deepseek-chat', source: fm(1) }] },
    removed: ['fallback_model:', '  - provider: Anthropic', '    model: CLAUDE-OPUS-4-8', '  - provider: deepseek', '    model: deepseek-chat'],
    added: ['  - provider: deepseek', '    model: deepseek-chat'],
    reason: 'fallback',
    answer: { migrated_legacy: true },
    value: { fallback_model: undefined, 'fallback_providers.1.provider': 'deepseek' },
  },
  {
    fixture: 'legacy-fallback-only',
    name: 'migrate-reorder',
    channel: 'fallback.set',
    request: { chain: [{ provider: 'nous', model: 'z-ai/glm-5.2' }, { provider: 'claude', model: 'claude-haiku-4-5-20251001', source: fm(0) }] },
    removed: ['fallback_model:', '  provider: claude   # an alias Hermes accepts', '  model: claude-haiku-4-5-20251001'],
    added: ['fallback_providers:', '  - provider: nous', '    model: z-ai/glm-5.2', '  - provider: claude', '    model: claude-haiku-4-5-20251001'],
    reason: 'fallback',
    // An untouched legacy entry keeps its spelling (the editor offers the canonical id separately).
    value: { 'fallback_providers.1.provider': 'claude', fallback_model: undefined },
  },
  // --------------------------------------------------------------------- auxiliary chains
  {
    fixture: 'hermes-sample',
    name: 'aux-chain-add',
    channel: 'fallback.set',
    request: { task: 'vision', chain: [{ provider: 'gemini', model: 'google/gemini-3.5-flash' }] },
    removed: [],
    added: ['    fallback_chain:', '      - provider: gemini', '        model: gemini-3.5-flash'],
    reason: 'fallback',
    value: { 'auxiliary.vision.fallback_chain.0.model': 'gemini-3.5-flash', 'auxiliary.vision.download_timeout': 30 },
  },
  {
    fixture: 'hermes-sample',
    name: 'aux-chain-edit',
    channel: 'fallback.set',
    request: { task: 'compression', chain: [COMPRESSION_1, { ...COMPRESSION_0, model: 'anthropic/claude-haiku-4.5' }] },
    removed: ['      - provider: nous', '        model: google/gemini-3.5-flash'],
    added: ['      - provider: nous', '        model: anthropic/claude-haiku-4.5'],
    reason: 'fallback',
  },
  {
    fixture: 'hermes-sample',
    name: 'aux-chain-remove',
    channel: 'fallback.set',
    request: { task: 'compression', chain: [] },
    removed: ['    fallback_chain:', '      - provider: nous', '        model: google/gemini-3.5-flash', '      - provider: custom', '        model: qwen3-coder:30b', '        base_url: http://localhost:11434/v1'],
    added: [],
    reason: 'fallback',
    value: { 'auxiliary.compression.fallback_chain': undefined, 'auxiliary.compression.reasoning_effort': 'low', fallback_providers: [{ provider: 'anthropic', model: 'claude-sonnet-5' }, { provider: 'custom', model: 'qwen3-coder:30b', base_url: 'http://localhost:11434/v1', key_env: 'OLLAMA_LOCAL_KEY' }] },
  },
  // ----------------------------------------------------------------------------- routing
  {
    fixture: 'hermes-sample',
    name: 'profiles-add',
    channel: 'routing.set',
    request: { model_profiles: { coding: { provider: 'anthropic', model: 'claude-opus-4.8' }, research: { provider: 'openrouter', model: 'google/gemini-3.5-flash', api_key_env: '' } } },
    removed: [],
    added: ['model_profiles:', '  coding:', '    provider: anthropic', '    model: claude-opus-4-8', '  research:', '    provider: openrouter', '    model: google/gemini-3.5-flash'],
    reason: 'routing',
    answer: { rewritten: [{ where: 'model_profiles.coding.model', field: 'model', from: 'claude-opus-4.8', to: 'claude-opus-4-8' }] },
  },
  {
    fixture: 'routing',
    name: 'profiles-edit',
    channel: 'routing.set',
    request: {
      model_profiles: {
        coding: { provider: 'anthropic', model: 'claude-opus-4-8' },
        research: { provider: 'google', model: 'gemini-3.5-flash', api_key_env: '' },
        cheap: { provider: 'nous', model: 'z-ai/glm-5.2' },
      },
    },
    removed: ['    provider: openrouter', '    model: google/gemini-3.5-flash', '    api_key_env: OPENROUTER_API_KEY'],
    added: ['    provider: gemini', '    model: gemini-3.5-flash'],
    reason: 'routing',
    value: { 'model_profiles.research.provider': 'gemini', 'model_profiles.research.api_key_env': undefined },
  },
  {
    fixture: 'routing',
    name: 'profiles-clear',
    channel: 'routing.set',
    request: { model_profiles: { coding: { provider: 'anthropic', model: 'claude-opus-4-8' }, research: { provider: 'openrouter', model: 'google/gemini-3.5-flash', api_key_env: 'OPENROUTER_API_KEY' }, cheap: { provider: '', model: '', base_url: '', api_key_env: '' } } },
    removed: ['  cheap:', '    provider: nous', '    model: z-ai/glm-5.2'],
    added: ['  cheap: {}'],
    reason: 'routing',
    value: { 'model_profiles.cheap': {} },
  },
  {
    fixture: 'routing',
    name: 'rules-add',
    channel: 'routing.set',
    request: {
      model_routing: {
        rules: [
          { if_toolsets_any: ['terminal', 'file'], profile: 'coding' },
          { if_goal_matches: ['summari[sz]e'], profile: 'cheap' },
          { if_toolsets_any: ['web', 'browser'], profile: 'research' },
        ],
      },
    },
    removed: [],
    added: ['    - if_toolsets_any:', '        - web', '        - browser', '      profile: research'],
    reason: 'routing',
  },
  {
    fixture: 'routing',
    name: 'rules-reorder',
    channel: 'routing.set',
    request: { model_routing: { rules: [{ if_goal_matches: ['summari[sz]e'], profile: 'cheap' }, { if_toolsets_any: ['terminal', 'file'], profile: 'coding' }] } },
    removed: ['    # terminal work goes to the coding profile', '    - if_toolsets_any: [terminal, file]', '      profile: coding'],
    added: ['    # terminal work goes to the coding profile', '    - if_toolsets_any: [terminal, file]', '      profile: coding'],
    reason: 'routing',
  },
  {
    fixture: 'routing',
    name: 'rules-remove',
    channel: 'routing.set',
    request: { model_routing: { rules: [{ if_goal_matches: ['summari[sz]e'], profile: 'cheap' }] } },
    removed: ['    # terminal work goes to the coding profile', '    - if_toolsets_any: [terminal, file]', '      profile: coding'],
    added: [],
    reason: 'routing',
  },
  {
    fixture: 'hermes-sample',
    name: 'delegation',
    channel: 'routing.set',
    request: { model_profiles: { coding: { provider: 'anthropic', model: 'claude-opus-4-8' } }, delegation: { model_profile: 'coding', provider: '', model: '', base_url: '' } },
    removed: ['  model: google/gemini-3.5-flash', '  provider: openrouter'],
    added: ["  model: ''", "  provider: ''", '  model_profile: coding', 'model_profiles:', '  coding:', '    provider: anthropic', '    model: claude-opus-4-8'],
    reason: 'routing',
    value: { 'delegation.max_iterations': 50, 'delegation.reasoning_effort': 'low', 'delegation.model': '', 'delegation.provider': '' },
  },
  {
    fixture: 'routing',
    name: 'reset',
    channel: 'routing.reset',
    request: {},
    removed: ['model_profiles:', '  coding:', '    provider: anthropic', '    model: claude-opus-4-8   # the strong one', '  research:', '    provider: openrouter', '    model: google/gemini-3.5-flash', '    api_key_env: OPENROUTER_API_KEY', '  cheap:', '    provider: nous', '    model: z-ai/glm-5.2', 'model_routing:', '  rules:', '    # terminal work goes to the coding profile', '    - if_toolsets_any: [terminal, file]', '      profile: coding', '    - if_goal_matches:', '        - summari[sz]e', '      profile: cheap'],
    added: [],
    reason: 'routing',
    value: { model_profiles: undefined, model_routing: undefined, 'delegation.max_iterations': 50 },
  },
];

describe('fallback and routing writes: golden files through the real channels', () => {
  it.each(CASES.map((c) => [`${c.fixture} / ${c.name}`, c] as const))('%s', async (_label, c) => {
    await runChannelGolden(c, { fixtures: [CONFIGS, ROUTING_FIXTURES], golden: GOLDEN, home: tempDir(), dataDir: tempDir() });
  });
});
