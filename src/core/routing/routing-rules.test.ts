import { describe, expect, it } from 'vitest';
import { decideChat, decideDelegation, readRouting, validateRouting, type DecisionStep } from './routing-rules';

const base = {
  model: { default: 'anthropic/claude-sonnet-5', provider: 'openrouter' },
  model_profiles: {
    coding: { provider: 'anthropic', model: 'claude-opus-4-8' },
    research: { provider: 'openrouter', model: 'google/gemini-3.5-flash' },
    planning: {},
    cheap: { model: 'z-ai/glm-5.2', provider: 'nous', api_key_env: 'NOUS_API_KEY' },
  },
  model_routing: {
    rules: [
      { if_toolsets_any: ['terminal', 'file'], profile: 'coding' },
      { if_goal_matches: ['summari[sz]e', 'translate'], profile: 'cheap' },
      { if_goal_matches: ['plan'], profile: 'planning' },
    ],
  },
};

interface Case {
  name: string;
  config: Record<string, unknown>;
  input: { toolsets: string[]; goal: string; modelProfile?: string };
  decidedBy: DecisionStep;
  profile: string | null;
  provider: string;
  model: string;
  rule?: number;
  matched?: string;
}

const cases: Case[] = [
  {
    name: 'legacy delegation.model/provider beats everything',
    config: { ...base, delegation: { provider: 'deepseek', model: 'deepseek-chat', model_profile: 'coding' } },
    input: { toolsets: ['terminal'], goal: 'plan', modelProfile: 'research' },
    decidedBy: 'legacy_delegation',
    profile: null,
    provider: 'deepseek',
    model: 'deepseek-chat',
  },
  {
    name: 'legacy delegation.model alone keeps the parent provider',
    config: { ...base, delegation: { model: 'gpt-5.5' } },
    input: { toolsets: [], goal: '' },
    decidedBy: 'legacy_delegation',
    profile: null,
    provider: 'openrouter',
    model: 'gpt-5.5',
  },
  {
    name: 'an explicit model_profile on the call beats delegation.model_profile and rules',
    config: { ...base, delegation: { model_profile: 'coding' } },
    input: { toolsets: ['terminal'], goal: 'summarise', modelProfile: 'research' },
    decidedBy: 'explicit_profile',
    profile: 'research',
    provider: 'openrouter',
    model: 'google/gemini-3.5-flash',
  },
  {
    name: 'an explicit profile that does not exist falls through',
    config: { ...base, delegation: { model_profile: 'coding' } },
    input: { toolsets: [], goal: '', modelProfile: 'ghost' },
    decidedBy: 'delegation_profile',
    profile: 'coding',
    provider: 'anthropic',
    model: 'claude-opus-4-8',
  },
  {
    name: 'delegation.model_profile beats routing rules',
    config: { ...base, delegation: { model_profile: 'research' } },
    input: { toolsets: ['terminal'], goal: '' },
    decidedBy: 'delegation_profile',
    profile: 'research',
    provider: 'openrouter',
    model: 'google/gemini-3.5-flash',
  },
  {
    name: 'the first matching rule wins (toolsets)',
    config: base,
    input: { toolsets: ['web', 'file'], goal: 'summarise this repo' },
    decidedBy: 'routing_rule',
    profile: 'coding',
    provider: 'anthropic',
    model: 'claude-opus-4-8',
    rule: 0,
  },
  {
    name: 'a goal pattern matches case-insensitively',
    config: base,
    input: { toolsets: ['web'], goal: 'Please SUMMARIZE the thread' },
    decidedBy: 'routing_rule',
    profile: 'cheap',
    provider: 'nous',
    model: 'z-ai/glm-5.2',
    rule: 1,
  },
  {
    name: 'an empty profile inherits the primary model',
    config: base,
    input: { toolsets: [], goal: 'make a plan' },
    decidedBy: 'routing_rule',
    profile: 'planning',
    provider: 'openrouter',
    model: 'anthropic/claude-sonnet-5',
    rule: 2,
  },
  {
    name: 'no rule: the toolset heuristic picks research for web',
    config: base,
    input: { toolsets: ['web'], goal: 'look things up' },
    decidedBy: 'toolset_heuristic',
    profile: 'research',
    provider: 'openrouter',
    model: 'google/gemini-3.5-flash',
  },
  {
    name: 'nothing matches at all: chat, which inherits the primary',
    config: base,
    input: { toolsets: ['memory'], goal: 'hello' },
    decidedBy: 'toolset_heuristic',
    profile: 'chat',
    provider: 'openrouter',
    model: 'anthropic/claude-sonnet-5',
  },
  {
    name: 'legacy delegation.base_url alone counts as the legacy setting',
    config: { ...base, delegation: { base_url: 'http://gpu-box.lan:8000/v1', model_profile: 'coding' } },
    input: { toolsets: ['terminal'], goal: '' },
    decidedBy: 'legacy_delegation',
    profile: null,
    provider: 'openrouter',
    model: 'anthropic/claude-sonnet-5',
  },
  {
    name: 'an explicit profile that is empty inherits the primary model',
    config: base,
    input: { toolsets: ['terminal'], goal: '', modelProfile: 'planning' },
    decidedBy: 'explicit_profile',
    profile: 'planning',
    provider: 'openrouter',
    model: 'anthropic/claude-sonnet-5',
  },
  {
    name: 'an explicit call profile beats an empty delegation.model_profile and every rule',
    config: { ...base, delegation: { model_profile: '', max_iterations: 50 } },
    input: { toolsets: ['terminal'], goal: 'summarise', modelProfile: 'cheap' },
    decidedBy: 'explicit_profile',
    profile: 'cheap',
    provider: 'nous',
    model: 'z-ai/glm-5.2',
  },
  {
    name: 'a goal rule listed before a toolset rule wins when both match',
    config: { ...base, model_routing: { rules: [{ if_goal_matches: ['refactor'], profile: 'research' }, { if_toolsets_any: ['terminal'], profile: 'coding' }] } },
    input: { toolsets: ['terminal'], goal: 'Refactor the parser' },
    decidedBy: 'routing_rule',
    profile: 'research',
    provider: 'openrouter',
    model: 'google/gemini-3.5-flash',
    rule: 0,
    matched: 'refactor',
  },
  {
    name: 'a rule naming a missing profile is passed over; the next matching rule decides',
    config: { ...base, model_routing: { rules: [{ if_toolsets_any: ['terminal'], profile: 'ghost' }, { if_toolsets_any: ['terminal'], profile: 'cheap' }] } },
    input: { toolsets: ['terminal'], goal: '' },
    decidedBy: 'routing_rule',
    profile: 'cheap',
    provider: 'nous',
    model: 'z-ai/glm-5.2',
    rule: 1,
    matched: 'terminal',
  },
  {
    name: 'a string instead of a list in a rule is one value',
    config: { ...base, model_routing: { rules: [{ if_toolsets_any: 'browser', profile: 'research' }] } },
    input: { toolsets: ['browser'], goal: '' },
    decidedBy: 'routing_rule',
    profile: 'research',
    provider: 'openrouter',
    model: 'google/gemini-3.5-flash',
    rule: 0,
  },
  {
    name: 'no rules: the toolset heuristic sends terminal work to coding',
    config: { model: base.model, model_profiles: base.model_profiles },
    input: { toolsets: ['terminal'], goal: 'fix the build' },
    decidedBy: 'toolset_heuristic',
    profile: 'coding',
    provider: 'anthropic',
    model: 'claude-opus-4-8',
    matched: 'terminal',
  },
  {
    name: 'the toolset heuristic sends todo work to planning, which inherits the primary when empty',
    config: { model: base.model },
    input: { toolsets: ['todo'], goal: '' },
    decidedBy: 'toolset_heuristic',
    profile: 'planning',
    provider: 'openrouter',
    model: 'anthropic/claude-sonnet-5',
  },
  {
    name: 'a profile with a model and no provider uses the main provider',
    config: { model: base.model, model_profiles: { research: { model: 'google/gemini-3.5-pro' } } },
    input: { toolsets: ['web'], goal: '' },
    decidedBy: 'toolset_heuristic',
    profile: 'research',
    provider: 'openrouter',
    model: 'google/gemini-3.5-pro',
  },
];

describe('delegate_task decision (rule tester)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const d = decideDelegation(readRouting(c.config), c.input);
    expect(d.decidedBy).toBe(c.decidedBy);
    expect(d.profile).toBe(c.profile);
    expect(d.provider).toBe(c.provider);
    expect(d.model).toBe(c.model);
    if (c.rule !== undefined) expect(d.rule?.index).toBe(c.rule);
    else if (c.decidedBy !== 'routing_rule') expect(d.rule).toBeNull();
    if (c.matched !== undefined) expect(d.matched).toBe(c.matched);
    // The trace lists steps in precedence order and ends at the deciding one.
    expect(d.trace[d.trace.length - 1]!.step).toBe(c.decidedBy);
  });

  it('covers every delegation precedence step', () => {
    const steps = new Set(cases.map((c) => c.decidedBy));
    for (const s of ['legacy_delegation', 'explicit_profile', 'delegation_profile', 'routing_rule', 'toolset_heuristic'] as const) expect(steps.has(s), s).toBe(true);
  });
});

describe('chat decision', () => {
  it('follows CLI --model > chat profile > model.default > built-in', () => {
    const withChat = readRouting({ ...base, model_profiles: { ...base.model_profiles, chat: { model: 'kimi-k3', provider: 'kimi-coding' } } });
    expect(decideChat(withChat, { cliModel: 'gpt-5.5' })).toMatchObject({ decidedBy: 'cli_model', model: 'gpt-5.5' });
    expect(decideChat(withChat)).toMatchObject({ decidedBy: 'profile_chat', model: 'kimi-k3', provider: 'kimi-coding' });
    expect(decideChat(readRouting(base))).toMatchObject({ decidedBy: 'model_default', model: 'anthropic/claude-sonnet-5' });
    expect(decideChat(readRouting({}), { builtinDefault: 'z-ai/glm-5.2' })).toMatchObject({ decidedBy: 'builtin_default', model: 'z-ai/glm-5.2' });
    expect(decideChat(readRouting({ model: 'bare/string' }))).toMatchObject({ decidedBy: 'model_default', model: 'bare/string' });
  });
});

describe('routing validation', () => {
  it('shows the four default profiles even when the config has none', () => {
    const r = readRouting({});
    expect(r.profileNames).toEqual(['chat', 'coding', 'planning', 'research']);
  });

  it('reports rules naming missing profiles, bad patterns and malformed rules', () => {
    const r = readRouting({
      model_profiles: { coding: { model: 'x' } },
      model_routing: { rules: [{ if_toolsets_any: ['a'], profile: 'ghost' }, { if_goal_matches: ['(unclosed'], profile: 'coding' }, { profile: 'coding' }, { if_toolsets_any: ['a'], if_goal_matches: ['b'], profile: 'coding' }] },
      delegation: { model_profile: 'nope' },
    });
    const messages = validateRouting(r).map((p) => `${p.where}: ${p.message}`);
    expect(messages).toEqual([
      'rule 1: The rule names the profile "ghost", which does not exist.',
      'rule 2: "(unclosed" is not a valid pattern.',
      'rule 3: A rule needs exactly one condition: if_toolsets_any or if_goal_matches.',
      'rule 4: A rule needs exactly one condition: if_toolsets_any or if_goal_matches.',
      'delegation.model_profile: "nope" is not a defined profile.',
    ]);
  });
});

describe('routing validation: providers, names, delegation', () => {
  const ctx = { customProviderIds: new Set(['work-litellm', 'custom:local-localhost-11434']) };

  it('flags unknown providers with a suggestion, aliases with the canonical id, bad URLs and variable names', () => {
    const r = readRouting({
      model_profiles: {
        coding: { provider: 'antropic', model: 'x' },
        research: { provider: 'google', model: 'gemini-3.5-flash', base_url: 'not a url', api_key_env: 'bad-name' },
        local: { provider: 'work-litellm', model: 'qwen3-coder-plus' },
        'bad name': { model: 'x' },
      },
      delegation: { provider: 'nowhere' },
    });
    const problems = validateRouting(r, ctx);
    expect(problems.map((p) => `${p.severity} ${p.where}${p.field ? `.${p.field}` : ''}${p.suggestion ? ` → ${p.suggestion}` : ''}`)).toEqual([
      'error profile coding.provider → anthropic',
      'warning profile research.provider → gemini',
      'error profile research.base_url',
      'error profile research.api_key_env',
      'error profile bad name',
      'error delegation.provider.provider',
    ]);
    expect(problems.every((p) => p.section === (p.where.startsWith('delegation') ? 'delegation' : 'model_profiles'))).toBe(true);
  });

  it('reports rule problems with the rule index, for inline display', () => {
    const r = readRouting({ model_routing: { rules: [{ if_toolsets_any: ['web'], profile: 'research' }, { if_toolsets_any: [], profile: 'nope' }] } });
    expect(validateRouting(r).map((p) => [p.section, p.rule, p.message])).toEqual([
      ['model_routing', 1, 'The condition lists nothing to match.'],
      ['model_routing', 1, 'The rule names the profile "nope", which does not exist.'],
    ]);
  });
});
