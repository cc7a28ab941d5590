import path from 'node:path';
import { describe, it } from 'vitest';
import { runChannelGolden, type ChannelGoldenCase } from '../helpers/channel-golden';
import { useTempDir } from '../helpers/temp-home';

/**
 * Golden files for the model writes: each case runs a real channel (the same dispatch the UI and the
 * REST API use) on a corpus file in a temp home, then checks the exact lines removed and added, the
 * byte-for-byte result in test/golden/models/<fixture>--<case>.yaml, the backup reason, and the
 * value Hermes will read. `UPDATE_GOLDEN=1` rewrites the golden files (review the diff!).
 */
const tempDir = useTempDir('sb-model-golden-');
const CONFIGS = path.join(__dirname, '../fixtures/configs');
const MODEL_FIXTURES = path.join(__dirname, '../fixtures/models');
const GOLDEN = path.join(__dirname, '../golden/models');

interface Case extends ChannelGoldenCase {
  reason: 'set-main' | 'set-aux' | 'reset-aux';
}

/** hermes-sample's auxiliary blocks in file order, with what they are pinned to. */
const SAMPLE_TASKS: ReadonlyArray<readonly [string, 'openrouter' | 'custom' | 'auto']> = [
  ['vision', 'openrouter'],
  ['web_extract', 'auto'],
  ['compression', 'openrouter'],
  ['skills_hub', 'auto'],
  ['approval', 'openrouter'],
  ['mcp', 'auto'],
  ['title_generation', 'auto'],
  ['memory_query_rewrite', 'auto'],
  ['tts_audio_tags', 'auto'],
  ['triage_specifier', 'auto'],
  ['kanban_decomposer', 'auto'],
  ['profile_describer', 'auto'],
  ['goal_judge', 'auto'],
  ['curator', 'custom'],
  ['monitor', 'auto'],
  ['background_review', 'openrouter'],
  ['moa_reference', 'auto'],
  ['moa_aggregator', 'auto'],
];

const CASES: Case[] = [
  {
    fixture: 'hermes-sample',
    name: 'set-main-same-provider',
    channel: 'models.setMain',
    request: { provider: 'openrouter', model: 'anthropic/claude-opus-4.8' },
    removed: ['  default: anthropic/claude-sonnet-5', '  context_length: 200000'],
    added: ['  default: anthropic/claude-opus-4.8'],
    reason: 'set-main',
    answer: { provider: 'openrouter', model: 'anthropic/claude-opus-4.8', base_url: 'https://openrouter.ai/api/v1', stale_aux: [{ task: 'curator', provider: 'custom', model: 'qwen3-coder:30b' }] },
    value: { 'model.base_url': 'https://openrouter.ai/api/v1', 'model.api_mode': 'chat_completions', 'model.context_length': undefined },
  },
  {
    fixture: 'hermes-sample',
    name: 'set-main-alias-switch',
    channel: 'models.setMain',
    // `claude` is an alias; the id is normalised for Anthropic's native API.
    request: { provider: 'claude', model: 'anthropic/claude-sonnet-4.6' },
    removed: ['  default: anthropic/claude-sonnet-5', '  provider: openrouter', '  base_url: https://openrouter.ai/api/v1', '  api_mode: chat_completions', '  context_length: 200000'],
    added: ['  default: claude-sonnet-4-6', '  provider: anthropic'],
    reason: 'set-main',
    answer: {
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      base_url: '',
      stale_aux: [
        { task: 'vision', provider: 'openrouter', model: 'google/gemini-3.5-flash' },
        { task: 'compression', provider: 'openrouter', model: 'google/gemini-3.5-flash' },
        { task: 'approval', provider: 'openrouter', model: 'google/gemini-3.5-flash' },
        { task: 'curator', provider: 'custom', model: 'qwen3-coder:30b' },
        { task: 'background_review', provider: 'openrouter', model: 'google/gemini-3.5-flash' },
      ],
    },
  },
  {
    fixture: 'bare-model',
    name: 'set-main',
    channel: 'models.setMain',
    request: { provider: 'openrouter', model: 'anthropic/claude-opus-4.8' },
    removed: ['model: anthropic/claude-sonnet-5   # set by an early Hermes'],
    added: ['model:   # set by an early Hermes', '  default: anthropic/claude-opus-4.8', '  provider: openrouter'],
    reason: 'set-main',
    value: { 'model.default': 'anthropic/claude-opus-4.8', 'model.provider': 'openrouter' },
  },
  {
    fixture: 'custom-endpoint-main',
    name: 'set-main-same-provider',
    channel: 'models.setMain',
    request: { provider: 'custom', model: 'qwen3-coder:32b' },
    removed: ['  default: qwen3-coder:30b', '  context_length: 65536'],
    added: ['  default: qwen3-coder:32b'],
    reason: 'set-main',
    value: { 'model.base_url': 'http://gpu-box.lan:8000/v1', 'model.api_key': '${GPU_BOX_KEY}', 'model.key_env': 'GPU_BOX_KEY', 'model.api_mode': 'chat_completions', 'model.max_tokens': 8192 },
  },
  {
    fixture: 'custom-endpoint-main',
    name: 'set-main-switch',
    channel: 'models.setMain',
    request: { provider: 'deepseek', model: 'deepseek/deepseek-v4-pro' },
    removed: [
      '  default: qwen3-coder:30b',
      '  provider: custom',
      '  base_url: http://gpu-box.lan:8000/v1   # the vLLM box under the desk',
      '  api_key: ${GPU_BOX_KEY}',
      '  key_env: GPU_BOX_KEY',
      '  api_mode: chat_completions',
      '  context_length: 65536',
    ],
    added: ['  default: deepseek-v4-pro', '  provider: deepseek'],
    reason: 'set-main',
    value: { 'model.max_tokens': 8192, 'model.base_url': undefined, 'model.api_key': undefined, 'model.key_env': undefined, 'model.api_mode': undefined },
  },
  {
    fixture: 'hermes-sample',
    name: 'set-aux-switch',
    channel: 'models.setAux',
    request: { task: 'vision', provider: 'google', model: 'google/gemini-3.5-flash' },
    removed: ['    provider: openrouter', '    model: google/gemini-3.5-flash', "    base_url: ''", "    api_key: ''"],
    added: ['    provider: gemini', '    model: gemini-3.5-flash'],
    reason: 'set-aux',
    value: { 'auxiliary.vision.timeout': 120, 'auxiliary.vision.download_timeout': 30, 'auxiliary.compression.provider': 'openrouter' },
  },
  {
    fixture: 'hermes-sample',
    name: 'set-aux-same-provider',
    channel: 'models.setAux',
    request: { task: 'compression', provider: 'openrouter', model: 'z-ai/glm-5.2' },
    removed: ['    model: google/gemini-3.5-flash'],
    added: ['    model: z-ai/glm-5.2'],
    reason: 'set-aux',
    value: { 'auxiliary.compression.base_url': '', 'auxiliary.compression.timeout': 180, 'auxiliary.compression.reasoning_effort': 'low' },
  },
  {
    fixture: 'custom-endpoint-main',
    name: 'set-aux-all-universe',
    channel: 'models.setAux',
    request: { task: '', all: 'universe', provider: 'openrouter', model: 'google/gemini-3.5-flash' },
    removed: ['    provider: custom', '    model: qwen3-coder:30b', '    base_url: http://gpu-box.lan:8000/v1', '    api_key: ${GPU_BOX_KEY}'],
    added: [
      '    provider: openrouter',
      '    model: google/gemini-3.5-flash',
      // every other task of the universe gets a block (dashboard order, then the rest)
      ...['web_extract', 'skills_hub', 'approval', 'mcp', 'title_generation', 'triage_specifier', 'kanban_decomposer', 'profile_describer', 'curator', 'memory_query_rewrite', 'tts_audio_tags', 'goal_judge', 'monitor', 'background_review', 'moa_reference', 'moa_aggregator'].flatMap((t) => [`  ${t}:`, '    provider: openrouter', '    model: google/gemini-3.5-flash']),
    ],
    reason: 'set-aux',
    value: { 'auxiliary.compression.timeout': 300, 'auxiliary.vision.timeout': 120 },
  },
  {
    fixture: 'hermes-sample',
    name: 'reset-all',
    channel: 'models.setAux',
    request: { task: '__reset__', all: 'universe' },
    // hermes-sample lists all 18 tasks; in file order, the pinned ones become auto and lose their
    // endpoint keys; tasks that are already auto are not touched.
    removed: SAMPLE_TASKS.flatMap(([, pin]) =>
      pin === 'openrouter'
        ? ['    provider: openrouter', '    model: google/gemini-3.5-flash', "    base_url: ''", "    api_key: ''"]
        : pin === 'custom'
          ? ['    provider: custom', '    model: qwen3-coder:30b', '    base_url: http://localhost:11434/v1', "    api_key: ''"]
          : [],
    ),
    added: SAMPLE_TASKS.filter(([, pin]) => pin !== 'auto').flatMap(() => ['    provider: auto', "    model: ''"]),
    reason: 'reset-aux',
    answer: { reset: true, tasks: ['vision', 'compression', 'approval', 'curator', 'background_review'] },
    value: {
      'auxiliary.compression.timeout': 180,
      'auxiliary.compression.reasoning_effort': 'low',
      'auxiliary.compression.fallback_chain.0.provider': 'nous',
      'auxiliary.transient_retries': 2,
      'auxiliary.vision.download_timeout': 30,
      'auxiliary.vision.base_url': undefined,
      'auxiliary.curator.base_url': undefined,
      'auxiliary.curator.timeout': 600,
    },
  },
  {
    fixture: 'crlf',
    name: 'set-main',
    channel: 'models.setMain',
    request: { provider: 'openrouter', model: 'openai/gpt-5.5' },
    removed: ['  default: gpt-5.5', '  provider: openai-codex   # ChatGPT login'],
    added: ['  default: openai/gpt-5.5', '  provider: openrouter   # ChatGPT login'],
    reason: 'set-main',
  },
  {
    fixture: 'bom',
    name: 'set-aux',
    channel: 'models.setAux',
    request: { task: 'approval', provider: 'anthropic', model: 'claude-haiku-4.5' },
    removed: ['    provider: openrouter', '    model: google/gemini-3.5-flash'],
    added: ['    provider: anthropic', '    model: claude-haiku-4-5'],
    reason: 'set-aux',
  },
];

describe('model writes: golden files through the real channels', () => {
  it.each(CASES.map((c) => [`${c.fixture} / ${c.name}`, c] as const))('%s', async (_label, c) => {
    await runChannelGolden(c, { fixtures: [CONFIGS, MODEL_FIXTURES], golden: GOLDEN, home: tempDir(), dataDir: tempDir() });
  });
});
