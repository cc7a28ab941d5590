import { isPlainObject } from '../config/plain-value';
import { canonicalProviderId, suggestCanonical, type ExtraProviderIds } from '../providers/aliases';
import { ENV_VAR_NAME } from '../providers/config-access';
import type { DecisionStep } from '../../shared/routing/precedence';

/**
 * Routing profiles (`model_profiles`), routing rules (`model_routing.rules`) and the delegation
 * settings, read from config and evaluated the way a routing-aware Hermes decides which model a
 * chat or a delegated task uses. Pure: the rule tester, the UI and the REST endpoint all call
 * `decideDelegation` / `decideChat`.
 *
 * Precedence (from the routing seed):
 *   chat:          CLI --model > model_profiles.chat.model > model.default > built-in default
 *   delegate_task: legacy delegation.model/provider > explicit model_profile on the call >
 *                  delegation.model_profile > routing rules (first match wins) > toolset heuristic
 */

export const DEFAULT_PROFILE_NAMES = ['chat', 'coding', 'planning', 'research'] as const;

export interface ModelProfile {
  model: string;
  provider: string;
  base_url: string;
  api_key_env: string;
}

export type RuleCondition = { kind: 'toolsets'; values: string[] } | { kind: 'goal'; values: string[] };

export interface RoutingRule {
  index: number;
  condition: RuleCondition | null;
  profile: string;
  /** The rule as written (kept so unknown fields survive edits). */
  raw: Record<string, unknown>;
}

export interface RoutingConfig {
  profiles: Record<string, ModelProfile>;
  /** Names in display order: the four defaults first, then user-named ones in file order. */
  profileNames: string[];
  rules: RoutingRule[];
  delegation: { model_profile: string; provider: string; model: string; base_url: string };
  primary: { provider: string; model: string; baseUrl: string };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function strList(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x.trim() : '')).filter(Boolean) : [];
}

export function readProfile(v: unknown): ModelProfile {
  const p = isPlainObject(v) ? v : {};
  return { model: str(p.model), provider: str(p.provider), base_url: str(p.base_url), api_key_env: str(p.api_key_env) || str(p.key_env) };
}

export function isEmptyProfile(p: ModelProfile): boolean {
  return !p.model && !p.provider && !p.base_url;
}

export function readRouting(config: unknown): RoutingConfig {
  const root = isPlainObject(config) ? config : {};
  const rawProfiles = isPlainObject(root.model_profiles) ? root.model_profiles : {};
  const profiles: Record<string, ModelProfile> = {};
  for (const name of DEFAULT_PROFILE_NAMES) profiles[name] = readProfile(rawProfiles[name]);
  for (const [name, value] of Object.entries(rawProfiles)) profiles[name] = readProfile(value);
  const profileNames = [...DEFAULT_PROFILE_NAMES, ...Object.keys(rawProfiles).filter((n) => !(DEFAULT_PROFILE_NAMES as readonly string[]).includes(n))];

  const routing = isPlainObject(root.model_routing) ? root.model_routing : {};
  const rawRules = Array.isArray(routing.rules) ? routing.rules : [];
  const rules: RoutingRule[] = rawRules.map((r, index) => {
    const raw = isPlainObject(r) ? r : {};
    const toolsets = raw.if_toolsets_any !== undefined ? strList(raw.if_toolsets_any) : null;
    const goal = raw.if_goal_matches !== undefined ? strList(raw.if_goal_matches) : null;
    const condition: RuleCondition | null =
      toolsets && !goal ? { kind: 'toolsets', values: toolsets } : goal && !toolsets ? { kind: 'goal', values: goal } : null;
    return { index, condition, profile: str(raw.profile), raw };
  });

  const del = isPlainObject(root.delegation) ? root.delegation : {};
  const model = root.model;
  const primary =
    typeof model === 'string'
      ? { provider: 'auto', model: model.trim(), baseUrl: '' }
      : isPlainObject(model)
        ? { provider: str(model.provider) || 'auto', model: str(model.default) || str(model.model) || str(model.name), baseUrl: str(model.base_url) }
        : { provider: 'auto', model: '', baseUrl: '' };
  return {
    profiles,
    profileNames,
    rules,
    delegation: { model_profile: str(del.model_profile), provider: str(del.provider), model: str(del.model), base_url: str(del.base_url) },
    primary,
  };
}

export interface RoutingProblem {
  where: string;
  severity: 'error' | 'warning';
  message: string;
  /** The section the problem is in, and the profile / rule it concerns (for inline display). */
  section: 'model_profiles' | 'model_routing' | 'delegation';
  profile?: string;
  rule?: number;
  field?: string;
  /** A canonical provider id to use instead. */
  suggestion?: string;
}

export interface RoutingValidationContext {
  /** `providers:` keys and `custom:<slug>` ids the config defines. */
  customProviderIds?: ReadonlySet<string>;
  extra?: readonly ExtraProviderIds[];
}

/** Profile names are YAML keys the rules refer to: keep them simple. */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function validUrl(url: string): boolean {
  if (/\$\{[^}]+\}/.test(url)) return true;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host !== '';
  } catch {
    return false;
  }
}

function providerProblems(provider: string, base: Omit<RoutingProblem, 'severity' | 'message'>, ctx: RoutingValidationContext): RoutingProblem[] {
  if (provider === '') return [];
  const lower = provider.toLowerCase();
  const custom = new Set([...(ctx.customProviderIds ?? [])].map((c) => c.toLowerCase()));
  if (lower === 'custom' || lower === 'auto' || custom.has(lower)) return [];
  if (lower.startsWith('custom:')) {
    return custom.has(lower) ? [] : [{ ...base, severity: 'error', message: `No custom endpoint named "${provider.slice(7)}" is defined.` }];
  }
  const canonical = canonicalProviderId(provider, { context: 'main', extra: ctx.extra });
  if (canonical === null) {
    const suggestion = suggestCanonical(provider, ctx.extra) ?? undefined;
    return [{ ...base, severity: 'error', message: `Hermes does not know the provider "${provider}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}`, ...(suggestion !== undefined && { suggestion }) }];
  }
  if (canonical !== provider) return [{ ...base, severity: 'warning', message: `"${provider}" is an alias; Hermes's canonical id is "${canonical}".`, suggestion: canonical }];
  return [];
}

/**
 * Errors block saving (a rule naming a missing profile, a rule without one condition, a bad pattern,
 * an unknown provider, a malformed URL or variable name); warnings do not.
 */
export function validateRouting(r: RoutingConfig, ctx: RoutingValidationContext = {}): RoutingProblem[] {
  const problems: RoutingProblem[] = [];
  for (const name of r.profileNames) {
    const p = r.profiles[name]!;
    const where = `profile ${name}`;
    const base = { where, section: 'model_profiles' as const, profile: name };
    if (!PROFILE_NAME.test(name)) problems.push({ ...base, severity: 'error', message: 'Profile names use letters, digits, “-”, “_” and “.” (up to 64).' });
    problems.push(...providerProblems(p.provider, { ...base, field: 'provider' }, ctx));
    if (p.base_url && !validUrl(p.base_url)) problems.push({ ...base, field: 'base_url', severity: 'error', message: 'The base URL needs a scheme and a host, e.g. https://openrouter.ai/api/v1.' });
    if (p.api_key_env && !ENV_VAR_NAME.test(p.api_key_env)) problems.push({ ...base, field: 'api_key_env', severity: 'error', message: `"${p.api_key_env}" is not an environment variable name (letters, digits and _).` });
  }
  r.rules.forEach((rule) => {
    const where = `rule ${rule.index + 1}`;
    const base = { where, section: 'model_routing' as const, rule: rule.index };
    if (!rule.condition) {
      problems.push({ ...base, severity: 'error', message: 'A rule needs exactly one condition: if_toolsets_any or if_goal_matches.' });
    } else if (rule.condition.values.length === 0) {
      problems.push({ ...base, severity: 'error', message: 'The condition lists nothing to match.' });
    } else if (rule.condition.kind === 'goal') {
      for (const pattern of rule.condition.values) {
        if (compilePattern(pattern) === null) problems.push({ ...base, severity: 'error', message: `"${pattern}" is not a valid pattern.` });
      }
    }
    if (!rule.profile) problems.push({ ...base, field: 'profile', severity: 'error', message: 'The rule names no profile.' });
    else if (!(rule.profile in r.profiles)) problems.push({ ...base, field: 'profile', severity: 'error', message: `The rule names the profile "${rule.profile}", which does not exist.` });
  });
  if (r.delegation.model_profile && !(r.delegation.model_profile in r.profiles)) {
    problems.push({ where: 'delegation.model_profile', section: 'delegation', field: 'model_profile', severity: 'error', message: `"${r.delegation.model_profile}" is not a defined profile.` });
  }
  problems.push(...providerProblems(r.delegation.provider, { where: 'delegation.provider', section: 'delegation', field: 'provider' }, ctx));
  if (r.delegation.base_url && !validUrl(r.delegation.base_url)) {
    problems.push({ where: 'delegation.base_url', section: 'delegation', field: 'base_url', severity: 'error', message: 'The base URL needs a scheme and a host.' });
  }
  return problems;
}

/** Goal patterns are case-insensitive regular expressions; an invalid one is reported, not guessed. */
export function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return null;
  }
}

/**
 * The fallback when nothing else decides: toolsets that suggest a kind of work. Documented in the
 * UI so users can see why a task landed on a profile.
 */
export const TOOLSET_HEURISTIC: readonly { profile: string; toolsets: readonly string[] }[] = [
  { profile: 'coding', toolsets: ['terminal', 'file', 'code_execution', 'code', 'git', 'shell', 'patch'] },
  { profile: 'research', toolsets: ['web', 'browser', 'search', 'web_search', 'arxiv'] },
  { profile: 'planning', toolsets: ['todo', 'planning', 'kanban', 'cronjob', 'clarify'] },
];

export type { DecisionStep };

export interface Decision {
  decidedBy: DecisionStep;
  /** Each step in precedence order with whether it applied, for the precedence panel. */
  trace: { step: DecisionStep; applied: boolean; note: string }[];
  rule: RoutingRule | null;
  /** The toolset or goal pattern that matched (routing rules, toolset heuristic). */
  matched: string | null;
  profile: string | null;
  /** True when the chosen profile is empty and the primary model is used. */
  inheritedPrimary: boolean;
  provider: string;
  model: string;
  baseUrl: string;
  reason: string;
}

function resolveProfile(r: RoutingConfig, name: string): { provider: string; model: string; baseUrl: string; inherited: boolean } {
  const p = r.profiles[name];
  if (!p || isEmptyProfile(p)) return { provider: r.primary.provider, model: r.primary.model, baseUrl: r.primary.baseUrl, inherited: true };
  return { provider: p.provider || r.primary.provider, model: p.model || r.primary.model, baseUrl: p.base_url, inherited: false };
}

/** Which profile and model a delegated task gets, and which precedence step decided. */
export function decideDelegation(r: RoutingConfig, input: { toolsets: string[]; goal: string; modelProfile?: string }): Decision {
  const trace: Decision['trace'] = [];
  const finish = (decidedBy: DecisionStep, profile: string | null, rule: RoutingRule | null, reason: string, matched: string | null = null): Decision => {
    if (profile === null) {
      const provider = r.delegation.provider || r.primary.provider;
      const model = r.delegation.model || r.primary.model;
      return { decidedBy, trace, rule, matched, profile, inheritedPrimary: !r.delegation.provider && !r.delegation.model, provider, model, baseUrl: r.delegation.base_url, reason };
    }
    const res = resolveProfile(r, profile);
    return { decidedBy, trace, rule, matched, profile, inheritedPrimary: res.inherited, provider: res.provider, model: res.model, baseUrl: res.baseUrl, reason };
  };

  const legacy = !!(r.delegation.model || r.delegation.provider || r.delegation.base_url);
  trace.push({
    step: 'legacy_delegation',
    applied: legacy,
    note: legacy
      ? `delegation.provider/model${r.delegation.base_url ? '/base_url' : ''} are set (${r.delegation.provider || 'inherit'} · ${r.delegation.model || 'inherit'}${r.delegation.base_url ? ` · ${r.delegation.base_url}` : ''})`
      : 'delegation.model, delegation.provider and delegation.base_url are empty',
  });
  if (legacy) return finish('legacy_delegation', null, null, 'The legacy delegation.model / delegation.provider settings win over every profile.');

  const explicit = input.modelProfile?.trim() ?? '';
  const explicitOk = !!explicit && explicit in r.profiles;
  trace.push({ step: 'explicit_profile', applied: explicitOk, note: explicit ? (explicitOk ? `the call asks for "${explicit}"` : `the call asks for "${explicit}", which is not defined`) : 'the call names no profile' });
  if (explicitOk) return finish('explicit_profile', explicit, null, `The call asked for the "${explicit}" profile.`);

  const dp = r.delegation.model_profile;
  const dpOk = !!dp && dp in r.profiles;
  trace.push({ step: 'delegation_profile', applied: dpOk, note: dp ? `delegation.model_profile is "${dp}"` : 'delegation.model_profile is empty' });
  if (dpOk) return finish('delegation_profile', dp, null, `delegation.model_profile sends delegated tasks to "${dp}".`);

  const toolsets = new Set(input.toolsets.map((t) => t.trim()).filter(Boolean));
  for (const rule of r.rules) {
    if (!rule.condition || !(rule.profile in r.profiles)) continue;
    const hit =
      rule.condition.kind === 'toolsets'
        ? rule.condition.values.find((t) => toolsets.has(t))
        : rule.condition.values.find((p) => compilePattern(p)?.test(input.goal));
    if (hit !== undefined) {
      trace.push({ step: 'routing_rule', applied: true, note: `rule ${rule.index + 1} matched ${rule.condition.kind === 'toolsets' ? `toolset "${hit}"` : `goal pattern /${hit}/i`}` });
      return finish('routing_rule', rule.profile, rule, `Rule ${rule.index + 1} (first match) routes to "${rule.profile}".`, hit);
    }
  }
  trace.push({ step: 'routing_rule', applied: false, note: r.rules.length ? 'no rule matched' : 'there are no rules' });

  for (const h of TOOLSET_HEURISTIC) {
    const hit = h.toolsets.find((t) => toolsets.has(t));
    if (hit) {
      trace.push({ step: 'toolset_heuristic', applied: true, note: `toolset "${hit}" suggests ${h.profile}` });
      return finish('toolset_heuristic', h.profile, null, `No rule matched; the "${hit}" toolset suggests "${h.profile}".`, hit);
    }
  }
  trace.push({ step: 'toolset_heuristic', applied: true, note: 'nothing specific: chat' });
  return finish('toolset_heuristic', 'chat', null, 'No rule matched and no toolset suggests a kind of work: "chat".');
}

/** Which model an interactive chat uses. `builtinDefault` is Hermes's own last resort. */
export function decideChat(r: RoutingConfig, input: { cliModel?: string; builtinDefault?: string } = {}): Decision {
  const trace: Decision['trace'] = [];
  const base = { rule: null, matched: null, inheritedPrimary: false, baseUrl: '' };
  const cli = input.cliModel?.trim() ?? '';
  trace.push({ step: 'cli_model', applied: !!cli, note: cli ? `--model ${cli}` : 'no --model on the command line' });
  if (cli) return { ...base, decidedBy: 'cli_model', trace, profile: null, provider: r.primary.provider, model: cli, reason: 'The command line --model wins.' };
  const chat = r.profiles.chat;
  const hasChat = !!chat?.model;
  trace.push({ step: 'profile_chat', applied: hasChat, note: hasChat ? `model_profiles.chat.model is ${chat!.model}` : 'model_profiles.chat.model is empty' });
  if (hasChat) {
    return { ...base, decidedBy: 'profile_chat', trace, profile: 'chat', provider: chat!.provider || r.primary.provider, model: chat!.model, baseUrl: chat!.base_url, reason: 'The chat profile sets the model.' };
  }
  trace.push({ step: 'model_default', applied: !!r.primary.model, note: r.primary.model ? `model.default is ${r.primary.model}` : 'model.default is empty' });
  if (r.primary.model) {
    return { ...base, decidedBy: 'model_default', trace, profile: null, provider: r.primary.provider, model: r.primary.model, baseUrl: r.primary.baseUrl, inheritedPrimary: true, reason: 'The main model is used.' };
  }
  const fallback = input.builtinDefault ?? '';
  trace.push({ step: 'builtin_default', applied: true, note: fallback ? `Hermes's built-in default ${fallback}` : "Hermes's built-in default" });
  return { ...base, decidedBy: 'builtin_default', trace, profile: null, provider: 'auto', model: fallback, reason: 'Nothing is configured; Hermes picks its built-in default.' };
}
