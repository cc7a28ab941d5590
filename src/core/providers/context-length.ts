/**
 * Last-resort context-window guesses by model family.
 *
 * When neither the config, a live endpoint nor models.dev knows a model's window, Hermes falls back
 * to a hardcoded family table (longest substring match) and finally to 256K. The editor shows the
 * same number so "effective context" matches what Hermes will assume.
 * Mirrors `agent/model_metadata.py::DEFAULT_CONTEXT_LENGTHS` and `MINIMUM_CONTEXT_LENGTH`.
 */

/** Hermes warns below this and skips smaller models for `auxiliary.compression`. */
export const MINIMUM_CONTEXT_LENGTH = 64_000;

/** Used when no family matches. */
export const DEFAULT_CONTEXT_LENGTH = 256_000;

/**
 * Family substring → context window. The first block is the part of Hermes's table given in the
 * reference; the second fills families the bundled snapshot uses, with conservative values.
 */
export const FAMILY_CONTEXT_LENGTHS: Readonly<Record<string, number>> = {
  // From Hermes (agent/model_metadata.py)
  'claude-opus-4-8': 1_000_000,
  'claude-sonnet-5': 1_000_000,
  claude: 200_000,
  'gpt-5.6': 1_050_000,
  'gpt-5.5': 1_050_000,
  'gpt-5.4': 1_050_000,
  'gpt-5': 400_000,
  gemini: 1_048_576,
  'deepseek-v4': 1_000_000,
  'glm-5.2': 1_048_576,
  glm: 202_752,
  'kimi-k3': 1_048_576,
  kimi: 262_144,
  'minimax-m3': 1_000_000,
  'grok-4.5': 500_000,
  // Families the snapshot needs that the reference does not list (our values)
  'gpt-4.1': 1_047_576,
  'gpt-4o': 128_000,
  'gpt-oss': 131_072,
  grok: 256_000,
  deepseek: 131_072,
  qwen: 262_144,
  minimax: 204_800,
  mimo: 262_144,
  nemotron: 131_072,
  llama: 131_072,
  step: 262_144,
  trinity: 131_072,
  'nova-pro': 300_000,
  hermes: 131_072,
};

/** Lowercase and treat `.` like `-`, so `claude-opus-4.8` (OpenRouter) meets `claude-opus-4-8` (native). */
function matchKey(value: string): string {
  return value.toLowerCase().replace(/\./g, '-');
}

const NORMALISED_FAMILIES: ReadonlyArray<readonly [key: string, length: number]> = Object.entries(FAMILY_CONTEXT_LENGTHS)
  .map(([family, length]): [string, number] => [matchKey(family), length])
  .sort((a, b) => b[0].length - a[0].length);

/**
 * Hermes's family fallback for a model id: the longest family key contained in the id, else 256,000.
 * Vendor prefixes do not matter (`anthropic/claude-opus-4.8` matches `claude-opus-4-8`).
 */
export function defaultContextLength(modelId: string): number {
  const id = matchKey(modelId.trim());
  if (id === '') return DEFAULT_CONTEXT_LENGTH;
  for (const [key, length] of NORMALISED_FAMILIES) if (id.includes(key)) return length;
  return DEFAULT_CONTEXT_LENGTH;
}
