import { describe, expect, it } from 'vitest';
import type { EntryWriteContext } from './fallback-chain';
import { applyRoutingUpdate, maskSecret, profileForClient, resetRouting } from './routing-write';

const ctx: EntryWriteContext = { scope: 'main', endpointKeys: ['work-litellm'] };
const base = {
  model: { provider: 'openrouter', default: 'anthropic/claude-sonnet-5' },
  model_profiles: { coding: { provider: 'anthropic', model: 'claude-opus-4-8', api_key: 'sk-ant-profile-secret-9876', note: 'kept' } },
  model_routing: { enabled: true, rules: [{ if_toolsets_any: ['terminal'], profile: 'coding' }] },
  delegation: { model: 'google/gemini-3.5-flash', provider: 'openrouter', base_url: '', api_key: '', max_iterations: 50 },
};

describe('routing writes', () => {
  it('masks literal secrets for clients and keeps ${VAR} references', () => {
    expect(profileForClient({ api_key: 'sk-ant-profile-secret-9876', model: 'm' })).toEqual({ api_key: '••••9876', model: 'm' });
    expect(profileForClient({ api_key: '${ANTHROPIC_API_KEY}' })).toEqual({ api_key: '${ANTHROPIC_API_KEY}' });
    expect(maskSecret('sk-ant-profile-secret-9876')).toBe('••••9876');
  });

  it('a profile sent back masked keeps its secret and its bytes', () => {
    const { next, rewrites } = applyRoutingUpdate(base, { model_profiles: { coding: profileForClient(base.model_profiles.coding) } }, ctx);
    expect(next.model_profiles).toEqual(base.model_profiles);
    expect(rewrites).toEqual([]);
  });

  it('replaces the profiles mapping: left-out profiles go, a changed provider is canonical, emptied fields are removed', () => {
    const { next, rewrites } = applyRoutingUpdate(base, { model_profiles: { research: { provider: 'google', model: 'google/gemini-3.5-flash', base_url: '', api_key_env: '' } } }, ctx);
    expect(next.model_profiles).toEqual({ research: { provider: 'gemini', model: 'gemini-3.5-flash' } });
    expect(rewrites.map((r) => `${r.where}:${r.from}→${r.to}`)).toEqual(['model_profiles.research.provider:google→gemini', 'model_profiles.research.model:google/gemini-3.5-flash→gemini-3.5-flash']);
    expect(applyRoutingUpdate(base, { model_profiles: {} }, ctx).next).not.toHaveProperty('model_profiles');
  });

  it('replaces model_routing; no rules and no other keys removes the section', () => {
    expect(applyRoutingUpdate(base, { model_routing: { enabled: true, rules: [] } }, ctx).next.model_routing).toEqual({ enabled: true });
    expect(applyRoutingUpdate(base, { model_routing: { rules: [] } }, ctx).next).not.toHaveProperty('model_routing');
    // An explicit empty list that is already in the file stays.
    expect(applyRoutingUpdate({ model_routing: { rules: [] } }, { model_routing: { rules: [] } }, ctx).next.model_routing).toEqual({ rules: [] });
  });

  it('changes only the routing keys of delegation: cleared defaults become empty strings, model_profile goes', () => {
    const set = applyRoutingUpdate(base, { delegation: { model_profile: 'coding', provider: '', model: '' } }, ctx).next.delegation;
    expect(set).toEqual({ model: '', provider: '', base_url: '', api_key: '', max_iterations: 50, model_profile: 'coding' });
    const cleared = applyRoutingUpdate({ ...base, delegation: set }, { delegation: { model_profile: '' } }, ctx).next.delegation;
    expect(cleared).toEqual({ model: '', provider: '', base_url: '', api_key: '', max_iterations: 50 });
    // A provider alias is written canonically and the model normalised for it.
    const { next, rewrites } = applyRoutingUpdate(base, { delegation: { provider: 'claude', model: 'anthropic/claude-haiku-4.5' } }, ctx);
    expect(next.delegation).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5', max_iterations: 50 });
    expect(rewrites.map((r) => r.where)).toEqual(['delegation.provider', 'delegation.model']);
    // No delegation block and nothing to set: none appears.
    expect(applyRoutingUpdate({}, { delegation: { model_profile: '' } }, ctx).next).toEqual({});
  });

  it('reset removes profiles and rules and clears delegation.model_profile only', () => {
    const next = resetRouting({ ...base, delegation: { ...base.delegation, model_profile: 'coding' } });
    expect(next).toEqual({ model: base.model, delegation: base.delegation });
    expect(resetRouting({ delegation: { model_profile: 'x' } })).toEqual({});
  });
});
