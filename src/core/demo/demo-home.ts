import { mkdtempSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackupStore } from '../backups/backup-store';
import { ConfigFile } from '../config/config-file';
import { writeFileAtomic } from '../fs/atomic-write';
import { generateStateDb } from '../usage/statedb-fixture';

/**
 * A realistic, self-contained Hermes home in a temp directory, so every screen has something to
 * show without touching the user's real `~/.hermes`: a commented config.yaml with all the model
 * sections, a .env with obviously fake keys, a state.db with ~60 sessions over 100 days, a second
 * profile, and a short backup history made by real edits.
 */

const DEMO_CONFIG_START = `# Demo Hermes home created by Hermes Switchboard — safe to play with.
# The keys in .env are fake; nothing here reaches a real provider.

# Main chat model
model:
  default: anthropic/claude-sonnet-5
  provider: openrouter
  base_url: https://openrouter.ai/api/v1

# Our own gateway and a local Ollama box
providers:
  work-gateway:
    name: Work Gateway
    base_url: https://llm.internal.example.com/v1
    key_env: WORK_GATEWAY_API_KEY
    api_mode: chat_completions
    model: qwen3-coder-plus
    models:
      qwen3-coder-plus:
        context_length: 262144

# Tried in order when the main model fails
fallback_providers:
  - provider: anthropic
    model: claude-sonnet-5

agent:
  max_turns: 90
  reasoning_effort: medium

terminal:
  backend: local   # local | docker | ssh
  timeout: 180

compression:
  enabled: true
  threshold: 0.6

# Side-task models ("auto" = use the main model)
auxiliary:
  vision:
    provider: auto
    model: ''
    timeout: 120
  compression:
    provider: openrouter
    model: google/gemini-3.5-flash
    timeout: 180
    fallback_chain:
      - provider: nous
        model: google/gemini-3.5-flash
  title_generation:
    provider: auto
    model: ''
    timeout: 30
  approval:
    provider: auto
    model: ''
    timeout: 30
  curator:
    provider: custom
    model: qwen3-coder:30b
    base_url: http://localhost:11434/v1
    timeout: 600

delegation:
  max_iterations: 50

# Routing profiles: read by Hermes builds with routing support, kept intact by others
model_profiles:
  coding:
    provider: anthropic
    model: claude-sonnet-5
  research:
    provider: openrouter
    model: google/gemini-3.5-flash
model_routing:
  rules:
    - if_toolsets_any:
        - terminal
        - file
      profile: coding
    - if_goal_matches:
        - research
        - summari[sz]e
      profile: research

display:
  skin: default
  show_reasoning: true

_config_version: 33

# Legacy list written by \`hermes model\` → Custom endpoint
custom_providers:
  - name: Local (localhost:11434)
    base_url: http://localhost:11434/v1
    model: qwen3-coder:30b
    models:
      qwen3-coder:30b:
        context_length: 65536
`;

const DEMO_ENV = `# Demo keys: fake values, for display only.
OPENROUTER_API_KEY=sk-or-v1-demo0000000000000000000000000000000000000000000000000000demo
ANTHROPIC_API_KEY=sk-ant-api03-demo000000000000000000000000000000000000000000000000000demo
WORK_GATEWAY_API_KEY="demo-gateway-key-with-#-and spaces"
# GEMINI_API_KEY=
`;

const WORK_PROFILE_CONFIG = `# "work" profile: a separate Hermes home under profiles/work
model:
  default: gpt-5.5
  provider: openai-codex
auxiliary:
  vision:
    provider: openrouter
    model: google/gemini-3.5-flash
    timeout: 120
_config_version: 33
`;

export interface DemoHome {
  root: string;
}

/** Builds the demo home; `now` fixes the clock for reproducible tests. */
export async function buildDemoHome(options: { parent?: string; now?: number } = {}): Promise<DemoHome> {
  const now = options.now ?? Date.now();
  const root = mkdtempSync(path.join(options.parent ?? os.tmpdir(), 'hermes-switchboard-demo-'));
  await fsp.chmod(root, 0o700);
  const configPath = path.join(root, 'config.yaml');
  await writeFileAtomic(configPath, DEMO_CONFIG_START, { newFileMode: 0o600 });
  await writeFileAtomic(path.join(root, '.env'), DEMO_ENV, { newFileMode: 0o600 });
  for (const sub of ['memories', 'sessions', 'skills', 'logs']) await fsp.mkdir(path.join(root, sub), { mode: 0o700 });

  // History made by real edits, so the backups list shows what the app itself records.
  const steps: { ago: number; reason: string; build: (v: Record<string, unknown>) => unknown }[] = [
    {
      ago: 3 * 86_400_000,
      reason: 'set-aux',
      build: (v) => withAux(v, 'vision', { provider: 'openrouter', model: 'google/gemini-3.5-flash' }),
    },
    {
      ago: 26 * 3_600_000,
      reason: 'fallback',
      build: (v) => ({ ...v, fallback_providers: [...((v.fallback_providers as unknown[]) ?? []), { provider: 'nous', model: 'z-ai/glm-5.2' }] }),
    },
    {
      ago: 2 * 3_600_000,
      reason: 'set-aux',
      build: (v) => withAux(v, 'approval', { provider: 'openrouter', model: 'google/gemini-3.5-flash' }),
    },
  ];
  let clock = now;
  const backups = new BackupStore(path.join(root, 'config-backups'), { now: () => clock });
  const config = new ConfigFile(configPath, { backups });
  for (const step of steps) {
    clock = now - step.ago;
    await config.edit({ baseHash: null, reason: step.reason, watchPaths: [], build: step.build });
  }
  await config.close();

  generateStateDb(path.join(root, 'state.db'), { sessions: 60, days: 100, now: Math.floor(now / 1000), seed: 20261121 });

  const work = path.join(root, 'profiles', 'work');
  await fsp.mkdir(work, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(work, 'config.yaml'), WORK_PROFILE_CONFIG, { newFileMode: 0o600 });
  return { root };
}

function withAux(v: Record<string, unknown>, task: string, patch: Record<string, unknown>): Record<string, unknown> {
  const aux = { ...((v.auxiliary as Record<string, unknown>) ?? {}) };
  aux[task] = { ...((aux[task] as Record<string, unknown>) ?? {}), ...patch };
  return { ...v, auxiliary: aux };
}
