import fc from 'fast-check';

/**
 * Starting files for the engine's property tests: the shapes real config.yaml files take (what Hermes
 * writes, what people write by hand) and the awkward ones — empty, comments only, CRLF, a BOM, flow
 * style, anchors and merge keys, 4-space indents and flush sequences, no trailing newline, a bare-string
 * `model:`, indented trailing comments, a tab in a comment (no section split), sections in any order.
 */

export interface Layout {
  /** Spaces per level. */
  unit: 2 | 4;
  /** `key:\n- a` instead of `key:\n  - a`. */
  flushSeq: boolean;
}

type Snippet = (l: Layout) => string;

function ind(l: Layout, level: number): string {
  return ' '.repeat(l.unit * level);
}

/** Indentation of `- ` under a key at `level`. */
function seq(l: Layout, level: number): string {
  return l.flushSeq ? ind(l, level) : ind(l, level + 1);
}

const SECTIONS: Record<string, Snippet[]> = {
  model: [
    (l) => `model:\n${ind(l, 1)}default: anthropic/claude-sonnet-5  # the main model\n${ind(l, 1)}provider: openrouter\n`,
    (l) => `model:\n${ind(l, 1)}provider: anthropic\n${ind(l, 1)}default: claude-opus-4-8\n${ind(l, 1)}context_length: 200000\n${ind(l, 2)}# indented note under the model block\n`,
    () => `model: anthropic/claude-sonnet-5   # set by an early Hermes\n`,
    () => `model: {default: gpt-5.5, provider: openai-codex}\n`,
    (l) => `model:\n${ind(l, 1)}provider: custom\n${ind(l, 1)}default: qwen3-coder:30b\n${ind(l, 1)}base_url: http://localhost:11434/v1\n${ind(l, 1)}api_key: sk-local-9999\n`,
  ],
  auxiliary: [
    (l) =>
      `auxiliary:\n${ind(l, 1)}# Image understanding.\n${ind(l, 1)}vision:\n${ind(l, 2)}provider: auto   # auto = main model\n${ind(l, 2)}model: ''\n${ind(l, 2)}timeout: 120\n\n` +
      `${ind(l, 1)}compression:\n${ind(l, 2)}provider: openrouter\n${ind(l, 2)}model: google/gemini-3.5-flash\n${ind(l, 2)}timeout: 180\n${ind(l, 2)}# reasoning_effort: low\n`,
    (l) => `auxiliary:\n${ind(l, 1)}vision: { provider: auto, model: '' }\n${ind(l, 1)}mcp:\n${ind(l, 2)}provider: nous\n${ind(l, 2)}model: z-ai/glm-5.2\n${ind(l, 2)}base_url: https://inference.example.com/v1\n`,
    (l) => `auxiliary:\n${ind(l, 1)}transient_retries: 2\n${ind(l, 1)}title_generation:\n${ind(l, 2)}provider: auto\n${ind(l, 2)}model: ''\n${ind(l, 2)}enabled: true\n`,
  ],
  fallback_providers: [
    (l) => `fallback_providers:\n${seq(l, 0)}# first choice\n${seq(l, 0)}- provider: anthropic\n${seq(l, 0)}  model: claude-sonnet-5\n${seq(l, 0)}- provider: nous\n${seq(l, 0)}  model: z-ai/glm-5.2\n`,
    () => `fallback_providers: [{provider: anthropic, model: claude-sonnet-5}]\n`,
    () => `fallback_providers: []\n`,
  ],
  fallback_model: [(l) => `fallback_model:\n${ind(l, 1)}provider: openrouter\n${ind(l, 1)}model: openai/gpt-5.5\n`],
  custom_providers: [
    (l) => `custom_providers:\n${seq(l, 0)}- name: LM Box\n${seq(l, 0)}  base_url: http://10.0.0.5:8000/v1\n${seq(l, 0)}  model: gpt-oss-120b\n`,
  ],
  providers: [
    (l) => `providers:\n${ind(l, 1)}ollama:\n${ind(l, 2)}base_url: http://localhost:11434/v1\n${ind(l, 2)}key_env: OLLAMA_KEY\n`,
  ],
  model_profiles: [(l) => `model_profiles:\n${ind(l, 1)}coding:\n${ind(l, 2)}provider: anthropic\n${ind(l, 2)}model: claude-opus-4-8\n`],
  model_routing: [(l) => `model_routing:\n${ind(l, 1)}rules:\n${seq(l, 1)}- if_toolsets_any: [terminal, file]\n${seq(l, 1)}  profile: coding\n`],
  delegation: [(l) => `delegation:\n${ind(l, 1)}max_iterations: 50\n${ind(l, 1)}model_profile: ''\n`],
  display: [(l) => `display:\n${ind(l, 1)}skin: default  # (hand-added)\n${ind(l, 1)}compact: false\n`],
  toolsets: [() => `toolsets: [hermes-cli, web]\n`, (l) => `toolsets:\n${seq(l, 0)}- hermes-cli\n${seq(l, 0)}- web\n`],
  agent: [() => `agent: {max_turns: 90}\n`, (l) => `agent:\n${ind(l, 1)}max_turns: 60\n`],
};

const ANCHORED = (l: Layout) =>
  `x-aux-defaults: &aux_defaults\n${ind(l, 1)}provider: openrouter\n${ind(l, 1)}model: google/gemini-3.5-flash\n${ind(l, 1)}timeout: 60\n\n` +
  `auxiliary:\n${ind(l, 1)}vision:\n${ind(l, 2)}<<: *aux_defaults\n${ind(l, 2)}timeout: 120\n${ind(l, 1)}compression:\n${ind(l, 2)}<<: *aux_defaults\n`;

const GAPS = ['', '\n', '# ---- a comment between sections ----\n', '\n# section notes\n# on two lines\n'];

export interface StartFile {
  label: string;
  text: string;
}

function finish(text: string, crlf: boolean, bom: boolean, trailingNewline: boolean): string {
  let out = text;
  if (!trailingNewline) out = out.replace(/\n+$/, '');
  if (crlf) out = out.replace(/\n/g, '\r\n');
  if (bom) out = '\uFEFF' + out;
  return out;
}

const layoutArb: fc.Arbitrary<Layout> = fc.record({ unit: fc.constantFrom(2 as const, 4 as const), flushSeq: fc.boolean() });

const builtArb = fc
  .record({
    layout: layoutArb,
    keys: fc.shuffledSubarray(Object.keys(SECTIONS), { minLength: 1, maxLength: 8 }),
    variants: fc.array(fc.nat(), { minLength: 14, maxLength: 14 }),
    gaps: fc.array(fc.constantFrom(...GAPS), { minLength: 15, maxLength: 15 }),
    anchors: fc.boolean(),
    // A tab anywhere (here in a comment) sends the whole file down the engine's whole-file path.
    header: fc.constantFrom('', '# Hermes Agent configuration\n\n', '# Hermes\tAgent configuration (tab)\n'),
    tail: fc.constantFrom('', '# trailing comment\n', '\n'),
  })
  .map(({ layout, keys, variants, gaps, anchors, header, tail }) => {
    const parts: string[] = [header];
    const used = anchors ? keys.filter((k) => k !== 'auxiliary') : keys;
    used.forEach((key, i) => {
      const options = SECTIONS[key]!;
      parts.push(gaps[i]!, options[variants[i]! % options.length]!(layout));
    });
    if (anchors) parts.push(gaps[14]!, ANCHORED(layout));
    parts.push(tail);
    return { text: parts.join(''), label: `built(${layout.unit}${layout.flushSeq ? ',flush' : ''}${anchors ? ',anchors' : ''}: ${used.join(' ')})` };
  });

const plainArb = fc.constantFrom(
  { text: '', label: 'empty' },
  { text: '# only comments\n# nothing else\n', label: 'comments only' },
  { text: '\n\n', label: 'blank lines' },
  { text: '# Hermes config\n\n# (empty for now)', label: 'comments, no trailing newline' },
);

/** A starting config.yaml and how it was made (for the failure report). */
export const startFileArb: fc.Arbitrary<StartFile> = fc
  .record({
    base: fc.oneof({ weight: 1, arbitrary: plainArb }, { weight: 2, arbitrary: builtArb }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    trailingNewline: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  })
  .map(({ base, crlf, bom, trailingNewline }) => ({
    text: finish(base.text, crlf, bom, trailingNewline),
    label: `${base.label}${crlf ? ' crlf' : ''}${bom ? ' bom' : ''}${trailingNewline ? '' : ' no-final-newline'}`,
  }));
