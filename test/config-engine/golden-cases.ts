import type { EditOp } from '../../src/core/config/yaml-edit';

/**
 * Golden cases for the config engine: each edit on each corpus file, with the exact lines the
 * edit may remove and add. Everything else in the file must stay byte-for-byte the same; the
 * complete expected output lives in test/golden/config-engine/<fixture>--<case>.yaml.
 */
export interface GoldenCase {
  fixture: string;
  name: string;
  ops: EditOp[];
  removed: string[];
  added: string[];
}

const setMainAnthropic: EditOp[] = [
  { op: 'set', path: ['model', 'provider'], value: 'anthropic' },
  { op: 'set', path: ['model', 'default'], value: 'claude-opus-4-8' },
  { op: 'delete', path: ['model', 'base_url'] },
  { op: 'delete', path: ['model', 'api_mode'] },
  { op: 'delete', path: ['model', 'context_length'] },
];

export const GOLDEN_CASES: GoldenCase[] = [
  {
    fixture: "heavily-commented",
    name: "set-main",
    ops: [{"op":"set","path":["model","provider"],"value":"anthropic"},{"op":"set","path":["model","default"],"value":"claude-opus-4-8"}],
    removed: ["  default: anthropic/claude-sonnet-5    # what I use day to day","  provider: openrouter                  # openrouter | anthropic | nous | ..."],
    added: ["  default: claude-opus-4-8    # what I use day to day","  provider: anthropic                  # openrouter | anthropic | nous | ..."],
  },
  {
    fixture: "heavily-commented",
    name: "aux-compression",
    ops: [{"op":"set","path":["auxiliary","compression","provider"],"value":"nous"},{"op":"set","path":["auxiliary","compression","model"],"value":"z-ai/glm-5.2"}],
    removed: ["    provider: openrouter","    model: google/gemini-3.5-flash    # cheap and long-context"],
    added: ["    provider: nous","    model: z-ai/glm-5.2    # cheap and long-context"],
  },
  {
    fixture: "heavily-commented",
    name: "reset-aux",
    ops: [{"op":"set","path":["auxiliary","compression","provider"],"value":"auto"},{"op":"set","path":["auxiliary","compression","model"],"value":""}],
    removed: ["    provider: openrouter","    model: google/gemini-3.5-flash    # cheap and long-context"],
    added: ["    provider: auto","    model: ''    # cheap and long-context"],
  },
  {
    fixture: "heavily-commented",
    name: "fallback-reorder",
    ops: [{"op":"set","path":["fallback_providers"],"value":[{"provider":"custom","model":"qwen3-coder:30b","base_url":"http://localhost:11434/v1"},{"provider":"anthropic","model":"claude-sonnet-5"}]}],
    removed: ["  # First choice when OpenRouter is down:","  - provider: anthropic","    model: claude-sonnet-5   # direct, needs ANTHROPIC_API_KEY",""],
    added: ["  # First choice when OpenRouter is down:","  - provider: anthropic","    model: claude-sonnet-5   # direct, needs ANTHROPIC_API_KEY",""],
  },
  {
    fixture: "heavily-commented",
    name: "fallback-remove-first",
    ops: [{"op":"delete","path":["fallback_providers",0]}],
    removed: ["  # First choice when OpenRouter is down:","  - provider: anthropic","    model: claude-sonnet-5   # direct, needs ANTHROPIC_API_KEY",""],
    added: [],
  },
  {
    fixture: "heavily-commented",
    name: "add-aux-task",
    ops: [{"op":"set","path":["auxiliary","approval"],"value":{"provider":"openrouter","model":"google/gemini-3.5-flash"}}],
    removed: [],
    added: ["  approval:","    provider: openrouter","    model: google/gemini-3.5-flash"],
  },
  {
    fixture: "crlf",
    name: "set-main",
    ops: [{"op":"set","path":["model","provider"],"value":"openrouter"},{"op":"set","path":["model","default"],"value":"openai/gpt-5.5"}],
    removed: ["  default: gpt-5.5","  provider: openai-codex   # ChatGPT login"],
    added: ["  default: openai/gpt-5.5","  provider: openrouter   # ChatGPT login"],
  },
  {
    fixture: "crlf",
    name: "add-fallback",
    ops: [{"op":"set","path":["fallback_providers",1],"value":{"provider":"anthropic","model":"claude-sonnet-5"}}],
    removed: [],
    added: ["  - provider: anthropic","    model: claude-sonnet-5"],
  },
  {
    fixture: "crlf",
    name: "new-section",
    ops: [{"op":"set","path":["delegation"],"value":{"provider":"openrouter","model":"google/gemini-3.5-flash"}}],
    removed: [],
    added: ["delegation:","  provider: openrouter","  model: google/gemini-3.5-flash"],
  },
  {
    fixture: "bom",
    name: "set-aux",
    ops: [{"op":"set","path":["auxiliary","approval","provider"],"value":"auto"},{"op":"set","path":["auxiliary","approval","model"],"value":""}],
    removed: ["    provider: openrouter","    model: google/gemini-3.5-flash"],
    added: ["    provider: auto","    model: ''"],
  },
  {
    fixture: "bom",
    name: "add-aux",
    ops: [{"op":"set","path":["auxiliary","vision"],"value":{"provider":"nous","model":"google/gemini-3.5-flash"}}],
    removed: [],
    added: ["  vision:","    provider: nous","    model: google/gemini-3.5-flash"],
  },
  {
    fixture: "anchors-merge",
    name: "override-merged",
    ops: [{"op":"set","path":["auxiliary","compression","model"],"value":"google/gemini-3-flash-preview"}],
    removed: [],
    added: ["    model: google/gemini-3-flash-preview"],
  },
  {
    fixture: "anchors-merge",
    name: "edit-local",
    ops: [{"op":"set","path":["auxiliary","vision","timeout"],"value":90}],
    removed: ["    timeout: 120         # vision needs longer"],
    added: ["    timeout: 90         # vision needs longer"],
  },
  {
    fixture: "anchors-merge",
    name: "edit-alias-task",
    ops: [{"op":"set","path":["auxiliary","approval","provider"],"value":"openrouter"}],
    removed: ["  approval: *cheap"],
    added: ["  approval:","    <<: *cheap","    provider: openrouter"],
  },
  {
    fixture: "anchors-merge",
    name: "set-main",
    ops: [{"op":"set","path":["model","provider"],"value":"anthropic"},{"op":"set","path":["model","default"],"value":"claude-sonnet-5"}],
    removed: ["  default: anthropic/claude-sonnet-5","  provider: openrouter"],
    added: ["  default: claude-sonnet-5","  provider: anthropic"],
  },
  {
    fixture: "flow-style",
    name: "set-main",
    ops: [{"op":"set","path":["model","provider"],"value":"anthropic"},{"op":"set","path":["model","default"],"value":"claude-opus-4-8"}],
    removed: ["model: {default: gpt-5.5, provider: openai-codex}"],
    added: ["model: {default: claude-opus-4-8, provider: anthropic}"],
  },
  {
    fixture: "flow-style",
    name: "set-aux",
    ops: [{"op":"set","path":["auxiliary","vision","provider"],"value":"openrouter"},{"op":"set","path":["auxiliary","vision","model"],"value":"google/gemini-3.5-flash"}],
    removed: ["  vision: { provider: auto, model: '' }"],
    added: ["  vision: { provider: openrouter, model: google/gemini-3.5-flash }"],
  },
  {
    fixture: "flow-style",
    name: "add-fallback",
    ops: [{"op":"set","path":["fallback_providers",2],"value":{"provider":"custom","model":"qwen3-coder:30b"}}],
    removed: ["fallback_providers: [{provider: anthropic, model: claude-sonnet-5}, {provider: nous, model: z-ai/glm-5.2}]"],
    added: ["fallback_providers: [{provider: anthropic, model: claude-sonnet-5}, {provider: nous, model: z-ai/glm-5.2}, {provider: custom, model: qwen3-coder:30b}]"],
  },
  {
    fixture: "duplicate-keys",
    name: "set-main",
    ops: [{"op":"set","path":["model","provider"],"value":"anthropic"},{"op":"set","path":["model","default"],"value":"claude-opus-4-8"},{"op":"delete","path":["model","base_url"]}],
    removed: ["  default: anthropic/claude-sonnet-5","  provider: openrouter","  base_url: https://openrouter.ai/api/v1"],
    added: ["  default: claude-opus-4-8","  provider: anthropic"],
  },
  {
    fixture: "duplicate-keys",
    name: "set-aux-dup",
    ops: [{"op":"set","path":["auxiliary","vision","provider"],"value":"openrouter"}],
    removed: ["    provider: nous      # duplicate inside a task: this one wins"],
    added: ["    provider: openrouter      # duplicate inside a task: this one wins"],
  },
  {
    fixture: "unicode",
    name: "set-aux",
    ops: [{"op":"set","path":["auxiliary","title_generation","language"],"value":"日本語"}],
    removed: ["    language: 'Français'          # titres en français"],
    added: ["    language: '日本語'          # titres en français"],
  },
  {
    fixture: "unicode",
    name: "set-main",
    ops: [{"op":"set","path":["model","default"],"value":"qwen/qwen3.7-plus"}],
    removed: ["  default: qwen/qwen3.7-max       # 通义千问"],
    added: ["  default: qwen/qwen3.7-plus       # 通义千问"],
  },
  {
    fixture: "env-vars",
    name: "set-aux",
    ops: [{"op":"set","path":["auxiliary","vision","model"],"value":"llava:13b"}],
    removed: ["    model: ${VISION_MODEL}"],
    added: ["    model: llava:13b"],
  },
  {
    fixture: "env-vars",
    name: "set-main-provider",
    ops: [{"op":"set","path":["model","provider"],"value":"openrouter"},{"op":"set","path":["model","default"],"value":"anthropic/claude-sonnet-5"},{"op":"delete","path":["model","base_url"]},{"op":"delete","path":["model","api_key"]}],
    removed: ["  default: ${HERMES_MODEL}","  provider: custom","  base_url: ${env:LOCAL_LLM_URL}","  api_key: ${LOCAL_LLM_KEY}"],
    added: ["  default: anthropic/claude-sonnet-5","  provider: openrouter"],
  },
  {
    fixture: "bare-model",
    name: "to-mapping",
    ops: [{"op":"set","path":["model"],"value":{"default":"claude-opus-4-8","provider":"anthropic"}}],
    removed: ["model: anthropic/claude-sonnet-5   # set by an early Hermes"],
    added: ["model:   # set by an early Hermes","  default: claude-opus-4-8","  provider: anthropic"],
  },
  {
    fixture: "indent4-flushseq",
    name: "add-fallback",
    ops: [{"op":"set","path":["fallback_providers",1],"value":{"provider":"nous","model":"z-ai/glm-5.2"}}],
    removed: [],
    added: ["- provider: nous","  model: z-ai/glm-5.2"],
  },
  {
    fixture: "indent4-flushseq",
    name: "add-aux",
    ops: [{"op":"set","path":["auxiliary","compression"],"value":{"provider":"openrouter","model":"google/gemini-3.5-flash"}}],
    removed: [],
    added: ["    compression:","        provider: openrouter","        model: google/gemini-3.5-flash"],
  },
  {
    fixture: "indent4-flushseq",
    name: "new-list",
    ops: [{"op":"set","path":["model_routing"],"value":{"rules":[{"if_toolsets_any":["terminal"],"profile":"coding"}]}}],
    removed: [],
    added: ["model_routing:","    rules:","      - if_toolsets_any:","          - terminal","        profile: coding"],
  },
  {
    fixture: "no-trailing-newline",
    name: "set-aux",
    ops: [{"op":"set","path":["auxiliary","vision","model"],"value":"google/gemini-3.5-flash"},{"op":"set","path":["auxiliary","vision","provider"],"value":"openrouter"}],
    removed: ["    provider: auto","    model: ''"],
    added: ["    provider: openrouter","    model: google/gemini-3.5-flash"],
  },
  {
    fixture: "no-trailing-newline",
    name: "add-section",
    ops: [{"op":"set","path":["fallback_providers"],"value":[{"provider":"openrouter","model":"z-ai/glm-5.2"}]}],
    removed: [],
    added: ["fallback_providers:","  - provider: openrouter","    model: z-ai/glm-5.2"],
  },
  {
    fixture: "hermes-sample",
    name: "set-main",
    ops: setMainAnthropic,
    removed: ["  default: anthropic/claude-sonnet-5","  provider: openrouter","  base_url: https://openrouter.ai/api/v1","  api_mode: chat_completions","  context_length: 200000"],
    added: ["  default: claude-opus-4-8","  provider: anthropic"],
  },
  {
    fixture: "hermes-sample",
    name: "reset-all-aux",
    ops: [{"op":"set","path":["auxiliary","vision","provider"],"value":"auto"},{"op":"set","path":["auxiliary","vision","model"],"value":""},{"op":"set","path":["auxiliary","curator","provider"],"value":"auto"},{"op":"set","path":["auxiliary","curator","model"],"value":""},{"op":"set","path":["auxiliary","curator","base_url"],"value":""}],
    removed: ["    provider: openrouter","    model: google/gemini-3.5-flash","    provider: custom","    model: qwen3-coder:30b","    base_url: http://localhost:11434/v1"],
    added: ["    provider: auto","    model: ''","    provider: auto","    model: ''","    base_url: ''"],
  },
  {
    fixture: "hermes-sample",
    name: "fallback-migrate",
    ops: [{"op":"set","path":["fallback_providers",2],"value":{"provider":"nous","model":"z-ai/glm-5.2"}},{"op":"delete","path":["fallback_model"]}],
    removed: [],
    added: ["  - provider: nous","    model: z-ai/glm-5.2"],
  },
  {
    fixture: "hermes-sample",
    name: "custom-provider-add",
    ops: [{"op":"set","path":["custom_providers",2],"value":{"name":"LM Box","base_url":"http://10.0.0.5:8000/v1","model":"gpt-oss-120b"}}],
    removed: [],
    added: ["  - name: LM Box","    base_url: http://10.0.0.5:8000/v1","    model: gpt-oss-120b"],
  },
  {
    fixture: "hermes-sample",
    name: "routing",
    ops: [{"op":"set","path":["model_profiles"],"value":{"coding":{"provider":"anthropic","model":"claude-sonnet-5"}}},{"op":"set","path":["model_routing"],"value":{"rules":[{"if_toolsets_any":["terminal","file"],"profile":"coding"}]}}],
    removed: [],
    added: ["model_profiles:","  coding:","    provider: anthropic","    model: claude-sonnet-5","model_routing:","  rules:","    - if_toolsets_any:","        - terminal","        - file","      profile: coding"],
  },
  {
    fixture: "hermes-sample",
    name: "providers-remove",
    ops: [{"op":"delete","path":["providers","copilot"]}],
    removed: ["  copilot:","    enabled: false"],
    added: [],
  },
  {
    fixture: "hermes-sample",
    name: "aux-fallback-chain",
    ops: [{"op":"set","path":["auxiliary","compression","fallback_chain"],"value":[{"provider":"custom","model":"qwen3-coder:30b","base_url":"http://localhost:11434/v1"},{"provider":"nous","model":"google/gemini-3.5-flash"}]}],
    removed: ["      - provider: nous","        model: google/gemini-3.5-flash"],
    added: ["      - provider: nous","        model: google/gemini-3.5-flash"],
  },
];
