/** The Routing page's draft (profiles, rules, delegation) and the PUT body it becomes. */
import type { RoutingSectionsIn, RoutingState } from '../../../../shared/contract/routing';

export interface ProfileDraft {
  name: string;
  isDefault: boolean;
  /** In config.yaml when the page loaded. */
  defined: boolean;
  model: string;
  provider: string;
  base_url: string;
  api_key_env: string;
  /** The profile as written (literal secrets masked by the core; sent back they keep the value). */
  fields: Record<string, unknown>;
  /** Which spelling the file uses for the key variable. */
  keyField: 'api_key_env' | 'key_env';
}

export type RuleKind = 'toolsets' | 'goal';

export interface RuleDraft {
  key: string;
  kind: RuleKind;
  /** Comma-separated toolsets or goal patterns, as typed. */
  values: string;
  profile: string;
  /** The rule as written, and what it said when loaded: an unchanged rule is sent back as written. */
  fields: Record<string, unknown>;
  loaded: { kind: RuleKind; values: string; profile: string } | null;
}

export interface DelegationDraft {
  model_profile: string;
  provider: string;
  model: string;
  base_url: string;
}

export interface RoutingDraft {
  profiles: ProfileDraft[];
  rules: RuleDraft[];
  delegation: DelegationDraft;
  /** model_routing keys other than `rules` (kept). */
  routingOther: Record<string, unknown>;
}

const CONDITION_KEY: Record<RuleKind, string> = { toolsets: 'if_toolsets_any', goal: 'if_goal_matches' };

let seq = 0;
export function newKey(): string {
  seq += 1;
  return `rule-${seq}`;
}

export function draftFromState(s: RoutingState): RoutingDraft {
  const { rules: _rules, ...routingOther } = s.model_routing;
  return {
    profiles: s.profiles.map((p) => ({
      name: p.name,
      isDefault: p.is_default,
      defined: p.defined,
      model: p.model,
      provider: p.provider,
      base_url: p.base_url,
      api_key_env: p.api_key_env,
      fields: p.fields,
      keyField: 'key_env' in p.fields && !('api_key_env' in p.fields) ? 'key_env' : 'api_key_env',
    })),
    rules: s.rules.map((r) => {
      const kind: RuleKind = r.kind ?? ('if_goal_matches' in r.fields ? 'goal' : 'toolsets');
      const values = r.values.join(', ');
      return { key: newKey(), kind, values, profile: r.profile, fields: r.fields, loaded: { kind, values, profile: r.profile } };
    }),
    delegation: { ...s.delegation },
    routingOther,
  };
}

export function splitValues(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function isProfileEmpty(p: Pick<ProfileDraft, 'model' | 'provider' | 'base_url'>): boolean {
  return p.model.trim() === '' && p.provider.trim() === '' && p.base_url.trim() === '';
}

function ruleValue(r: RuleDraft): Record<string, unknown> {
  if (r.loaded && r.loaded.kind === r.kind && r.loaded.values === r.values && r.loaded.profile === r.profile) return r.fields;
  const rest = Object.fromEntries(Object.entries(r.fields).filter(([k]) => k !== 'if_toolsets_any' && k !== 'if_goal_matches' && k !== 'profile'));
  return { [CONDITION_KEY[r.kind]]: splitValues(r.values), profile: r.profile.trim(), ...rest };
}

/** The PUT /api/routing body for a draft. Empty default profiles that are not in the file stay out of it. */
export function bodyFromDraft(d: RoutingDraft): Required<Pick<RoutingSectionsIn, 'model_profiles' | 'model_routing' | 'delegation'>> {
  const model_profiles: Record<string, Record<string, unknown>> = {};
  for (const p of d.profiles) {
    const empty = isProfileEmpty(p) && p.api_key_env.trim() === '';
    if (p.isDefault && !p.defined && empty) continue;
    const other = p.keyField === 'api_key_env' ? 'key_env' : 'api_key_env';
    const fields = Object.fromEntries(Object.entries(p.fields).filter(([k]) => k !== other || p.keyField === k));
    model_profiles[p.name] = { ...fields, provider: p.provider.trim(), model: p.model.trim(), base_url: p.base_url.trim(), [p.keyField]: p.api_key_env.trim() };
  }
  return {
    model_profiles,
    model_routing: { ...d.routingOther, rules: d.rules.map(ruleValue) },
    delegation: { model_profile: d.delegation.model_profile.trim(), provider: d.delegation.provider.trim(), model: d.delegation.model.trim(), base_url: d.delegation.base_url.trim() },
  };
}

/** Two drafts write the same thing. */
export function sameBody(a: RoutingDraft, b: RoutingDraft): boolean {
  return JSON.stringify(normalise(bodyFromDraft(a))) === JSON.stringify(normalise(bodyFromDraft(b)));
}

/** Empty strings and absent keys mean the same to the core, so they compare equal here. */
function normalise(body: ReturnType<typeof bodyFromDraft>): unknown {
  const profiles = Object.fromEntries(Object.entries(body.model_profiles).map(([n, p]) => [n, Object.fromEntries(Object.entries(p).filter(([, v]) => v !== '').sort(([x], [y]) => x.localeCompare(y)))]));
  return { ...body, model_profiles: profiles };
}

export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
