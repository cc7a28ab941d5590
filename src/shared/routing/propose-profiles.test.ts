import { describe, expect, it } from 'vitest';
import { proposeProfiles, type ProposalProvider } from './propose-profiles';

const providers: ProposalProvider[] = [
  {
    slug: 'anthropic',
    name: 'Anthropic',
    authenticated: true,
    enabled: true,
    model_details: [
      { id: 'claude-opus-4-8', contextWindow: 1_000_000, capabilities: { tools: true, reasoning: true }, pricing: { input: 15, output: 75 } },
      { id: 'claude-sonnet-5', contextWindow: 1_000_000, capabilities: { tools: true, reasoning: true }, pricing: { input: 3, output: 15 } },
      { id: 'claude-haiku-4-5-20251001', contextWindow: 200_000, capabilities: { tools: true }, pricing: { input: 1, output: 5 } },
    ],
  },
  {
    slug: 'gemini',
    name: 'Google AI Studio',
    authenticated: true,
    enabled: true,
    model_details: [
      { id: 'gemini-3.5-flash', contextWindow: 1_048_576, capabilities: { tools: true, vision: true }, pricing: { input: 0.3, output: 2.5 } },
      { id: 'gemma-small', contextWindow: 32_000, capabilities: { tools: true }, pricing: { input: 0.01, output: 0.02 } },
    ],
  },
  {
    slug: 'deepseek',
    name: 'DeepSeek',
    authenticated: false,
    enabled: true,
    model_details: [{ id: 'deepseek-reasoner', contextWindow: 1_000_000, capabilities: { reasoning: true }, pricing: { input: 0.01, output: 100 } }],
  },
];

describe('profiles wizard proposal', () => {
  it('proposes per profile from providers with credentials only, with a reason', () => {
    const p = proposeProfiles(providers, { provider: 'openrouter', model: 'anthropic/claude-sonnet-5' });
    expect(p.map((x) => [x.profile, x.provider, x.model])).toEqual([
      ['chat', null, null],
      ['coding', 'anthropic', 'claude-opus-4-8'],
      ['planning', 'anthropic', 'claude-opus-4-8'],
      ['research', 'gemini', 'gemini-3.5-flash'],
    ]);
    expect(p[0]!.reason).toContain('keeps the main model');
    expect(p[3]!.reason).toContain('Long context');
    expect(p[3]!.reason).toContain('1.05M context');
  });

  it('never proposes a model under the 64K minimum, and proposes a fast chat model when there is no main model', () => {
    const p = proposeProfiles(providers, { provider: 'auto', model: '' });
    expect(p.flatMap((x) => (x.model ? [x.model] : []))).not.toContain('gemma-small');
    expect(p[0]).toMatchObject({ profile: 'chat', provider: 'gemini', model: 'gemini-3.5-flash' });
  });

  it('says so when nothing is set up', () => {
    const p = proposeProfiles([{ ...providers[2]! }], { provider: 'openrouter', model: 'x' });
    expect(p.slice(1).every((x) => x.provider === null && x.reason.includes('set a key up'))).toBe(true);
  });

  it('falls back to the name when prices are unknown (coder models for coding)', () => {
    const p = proposeProfiles(
      [{ slug: 'work', name: 'Work', authenticated: true, enabled: true, model_details: [{ id: 'qwen3-coder-plus', capabilities: {} }, { id: 'llama-small', capabilities: {} }] }],
      { provider: 'work', model: 'x' },
    );
    expect(p[1]).toMatchObject({ profile: 'coding', model: 'qwen3-coder-plus' });
  });
});
