import { describe, expect, it } from 'vitest';
import type { RoutingState } from '../../../../shared/contract/routing';
import { isEdited, move, rowsFromView, toRequest } from '../fallback/chain-draft';
import { bodyFromDraft, draftFromState, sameBody } from './routing-draft';

const decision = { decided_by: 'model_default', trace: [], rule: null, matched: null, profile: null, inherited_primary: true, provider: 'openrouter', model: 'x', base_url: '', reason: '' };
const profile = (name: string, fields: Record<string, unknown>, isDefault = true) => ({
  name,
  is_default: isDefault,
  defined: Object.keys(fields).length > 0 || !isDefault,
  model: String(fields.model ?? ''),
  provider: String(fields.provider ?? ''),
  base_url: '',
  api_key_env: String(fields.key_env ?? fields.api_key_env ?? ''),
  empty: !fields.model && !fields.provider,
  resolved: { provider: 'openrouter', model: 'x', base_url: '', inherited: true },
  fields,
});

const state: RoutingState = {
  hash: 'a'.repeat(64),
  read_only: false,
  primary: { provider: 'openrouter', model: 'x', base_url: '' },
  model_profiles: { coding: { provider: 'anthropic', model: 'claude-opus-4-8', key_env: 'ANT', api_key: '••••1234' }, cheap: {} },
  model_routing: { enabled: true, rules: [{ if_toolsets_any: 'terminal', profile: 'coding' }] },
  delegation: { model_profile: '', provider: '', model: '', base_url: '' },
  profiles: [
    profile('chat', {}),
    profile('coding', { provider: 'anthropic', model: 'claude-opus-4-8', key_env: 'ANT', api_key: '••••1234' }),
    profile('planning', {}),
    profile('research', {}),
    profile('cheap', {}, false),
  ],
  rules: [{ index: 0, kind: 'toolsets', values: ['terminal'], profile: 'coding', fields: { if_toolsets_any: 'terminal', profile: 'coding' } }],
  delegation_other_keys: ['max_iterations'],
  problems: [],
  heuristic: [],
  chat: decision,
};

describe('routing draft → PUT body', () => {
  it('sends back what was loaded unchanged: empty defaults left out, rules as written, masked secrets, the file’s key spelling', () => {
    const body = bodyFromDraft(draftFromState(state));
    expect(Object.keys(body.model_profiles)).toEqual(['coding', 'cheap']);
    expect(body.model_profiles.coding).toEqual({ provider: 'anthropic', model: 'claude-opus-4-8', key_env: 'ANT', api_key: '••••1234', base_url: '' });
    expect(body.model_profiles.cheap).toEqual({ provider: '', model: '', base_url: '', api_key_env: '' });
    expect(body.model_routing).toEqual({ enabled: true, rules: [{ if_toolsets_any: 'terminal', profile: 'coding' }] });
  });

  it('an edited rule is rebuilt as a list; a new default profile is included once it has a value', () => {
    const d = draftFromState(state);
    d.rules[0] = { ...d.rules[0]!, values: 'terminal, file' };
    d.profiles[0] = { ...d.profiles[0]!, model: 'gpt-5.5' };
    const body = bodyFromDraft(d);
    expect(body.model_routing.rules).toEqual([{ if_toolsets_any: ['terminal', 'file'], profile: 'coding' }]);
    expect(body.model_profiles.chat).toEqual({ provider: '', model: 'gpt-5.5', base_url: '', api_key_env: '' });
    expect(sameBody(d, draftFromState(state))).toBe(false);
    expect(sameBody(draftFromState(state), draftFromState(state))).toBe(true);
  });
});

describe('chain draft', () => {
  const view = {
    task: null,
    label: 'Main model',
    primary: { provider: 'openrouter', provider_label: 'OpenRouter', model: 'x', base_url: '' },
    problems: [],
    entries: [0, 1].map((i) => ({
      position: i,
      source: { origin: 'fallback_providers' as const, index: i },
      provider: i === 0 ? 'anthropic' : 'nous',
      model: 'm',
      base_url: '',
      key_env: '',
      api_mode: '',
      has_api_key: false,
      other_keys: [],
      usable: true,
      effective: { provider: null, provider_label: '', base_url: null, model: 'm', api_mode: '', key: null },
    })),
  };

  it('keeps sources through reorders and tells edited rows from moved ones', () => {
    const rows = rowsFromView(view);
    const moved = move(rows, 1, 0);
    expect(toRequest(moved).map((r) => [r.provider, r.source?.index])).toEqual([
      ['nous', 1],
      ['anthropic', 0],
    ]);
    expect(moved.map((r) => isEdited(r, rows))).toEqual([false, false]);
    expect(isEdited({ ...moved[0]!, model: 'other' }, rows)).toBe(true);
    expect(isEdited({ ...moved[0]!, source: null }, rows)).toBe(true);
  });
});
