/**
 * Routing profiles, rules and the routing keys of `delegation`: read with validation, written through
 * the config transaction (reason `routing`), tested with the rule tester, and reset to defaults.
 *
 * A write may not introduce an error: problems that were already in the file do not block it (so a
 * REST client can change `delegation` while an old rule is still broken), new ones do.
 */
import type { Decision as DecisionView, RoutingSectionsIn, RoutingState, RoutingTest, RoutingWrite } from '../../shared/contract/routing';
import { AppError } from '../app-error';
import type { ConfigPath } from '../config/plain-value';
import { isPlainObject } from '../config/plain-value';
import type { CoreServices } from '../handlers/types';
import { readCustomEndpoints } from '../providers/custom-endpoints';
import { readProviderPlugins } from '../providers/plugins';
import type { ExtraProviderIds } from '../providers/aliases';
import type { EntryWriteContext } from './fallback-chain';
import {
  DEFAULT_PROFILE_NAMES,
  decideChat,
  decideDelegation,
  isEmptyProfile,
  readRouting,
  TOOLSET_HEURISTIC,
  validateRouting,
  type Decision,
  type RoutingConfig,
  type RoutingProblem,
  type RoutingValidationContext,
} from './routing-rules';
import { applyRoutingUpdate, DELEGATION_ROUTING_KEYS, profileForClient, resetRouting, type RoutingUpdate } from './routing-write';

interface Env {
  configJs: Record<string, unknown>;
  hash: string;
  readOnly: boolean;
  write: EntryWriteContext;
  validation: RoutingValidationContext;
}

export function decisionView(d: Decision): DecisionView {
  return {
    decided_by: d.decidedBy,
    trace: d.trace.map((t) => ({ step: t.step, applied: t.applied, note: t.note })),
    rule: d.rule === null ? null : { index: d.rule.index, kind: d.rule.condition?.kind ?? null, values: d.rule.condition?.values ?? [], profile: d.rule.profile },
    matched: d.matched,
    profile: d.profile,
    inherited_primary: d.inheritedPrimary,
    provider: d.provider,
    model: d.model,
    base_url: d.baseUrl,
    reason: d.reason,
  };
}

function problemKey(p: RoutingProblem): string {
  return `${p.where}\u0000${p.message}`;
}

export class RoutingService {
  constructor(private readonly core: CoreServices) {}

  private async load(): Promise<Env> {
    const session = this.core.requireSession();
    const [snap, plugins] = await Promise.all([session.config.read(), readProviderPlugins(session.dir).catch(() => ({ plugins: [] }))]);
    const configJs = snap.parse.ok && isPlainObject(snap.parse.parsed.value) ? snap.parse.parsed.value : {};
    const extra: ExtraProviderIds[] = plugins.plugins.map((p) => ({ id: p.id, aliases: p.aliases }));
    const endpoints = readCustomEndpoints(configJs, { extraProviders: extra }).endpoints;
    const endpointKeys = endpoints.map((e) => (e.origin === 'providers' ? e.key : e.slug));
    return {
      configJs,
      hash: snap.hash,
      readOnly: !snap.parse.ok,
      write: { scope: 'main', endpointKeys, extra },
      validation: { customProviderIds: new Set(endpointKeys), extra },
    };
  }

  private state(env: Env): RoutingState {
    const r = readRouting(env.configJs);
    const rawProfiles = isPlainObject(env.configJs.model_profiles) ? env.configJs.model_profiles : {};
    const rawRouting = isPlainObject(env.configJs.model_routing) ? env.configJs.model_routing : {};
    const del = isPlainObject(env.configJs.delegation) ? env.configJs.delegation : {};
    const masked: Record<string, Record<string, unknown>> = {};
    for (const [name, p] of Object.entries(rawProfiles)) masked[name] = isPlainObject(p) ? profileForClient(p) : {};
    return {
      hash: env.hash,
      read_only: env.readOnly,
      primary: { provider: r.primary.provider, model: r.primary.model, base_url: r.primary.baseUrl },
      model_profiles: masked,
      model_routing: rawRouting,
      delegation: r.delegation,
      profiles: r.profileNames.map((name) => {
        const p = r.profiles[name]!;
        const empty = isEmptyProfile(p);
        return {
          name,
          is_default: (DEFAULT_PROFILE_NAMES as readonly string[]).includes(name),
          defined: name in rawProfiles,
          ...p,
          empty,
          resolved: empty
            ? { provider: r.primary.provider, model: r.primary.model, base_url: r.primary.baseUrl, inherited: true }
            : { provider: p.provider || r.primary.provider, model: p.model || r.primary.model, base_url: p.base_url, inherited: false },
          fields: masked[name] ?? {},
        };
      }),
      rules: r.rules.map((rule) => ({ index: rule.index, kind: rule.condition?.kind ?? null, values: rule.condition?.values ?? [], profile: rule.profile, fields: rule.raw })),
      delegation_other_keys: Object.keys(del).filter((k) => !(DELEGATION_ROUTING_KEYS as readonly string[]).includes(k)),
      problems: validateRouting(r, env.validation),
      heuristic: TOOLSET_HEURISTIC.map((h) => ({ profile: h.profile, toolsets: [...h.toolsets] })),
      chat: decisionView(decideChat(r)),
    };
  }

  async get(): Promise<RoutingState> {
    return this.state(await this.load());
  }

  private update(body: RoutingSectionsIn): RoutingUpdate {
    const out: RoutingUpdate = {};
    if (body.model_profiles !== undefined) out.model_profiles = body.model_profiles;
    if (body.model_routing !== undefined) out.model_routing = body.model_routing as Record<string, unknown>;
    if (body.delegation !== undefined) out.delegation = body.delegation;
    return out;
  }

  private newErrors(before: RoutingConfig, after: RoutingConfig, env: Env): RoutingProblem[] {
    const old = new Set(validateRouting(before, env.validation).filter((p) => p.severity === 'error').map(problemKey));
    return validateRouting(after, env.validation).filter((p) => p.severity === 'error' && !old.has(problemKey(p)));
  }

  async set(body: RoutingSectionsIn & { baseHash?: string | null | undefined }): Promise<RoutingWrite> {
    const session = this.core.requireSession();
    const env = await this.load();
    if (env.readOnly) throw new AppError('CONFIG_READ_ONLY', 'config.yaml does not parse; fix it first (the repair editor shows where).');
    const update = this.update(body);
    if (Object.keys(update).length === 0) throw new AppError('INVALID_INPUT', 'Send at least one of model_profiles, model_routing, delegation.');
    const first = applyRoutingUpdate(env.configJs, update, env.write);
    const blocking = this.newErrors(readRouting(env.configJs), readRouting(first.next), env);
    if (blocking.length > 0) {
      throw new AppError('VALIDATION_FAILED', `Routing was not saved: ${blocking[0]!.where}: ${blocking[0]!.message}`, { problems: blocking });
    }
    const watchPaths: ConfigPath[] = [];
    if (update.model_profiles !== undefined) watchPaths.push(['model_profiles']);
    if (update.model_routing !== undefined) watchPaths.push(['model_routing']);
    if (update.delegation !== undefined) for (const k of DELEGATION_ROUTING_KEYS) if (update.delegation[k] !== undefined) watchPaths.push(['delegation', k]);
    let last = first;
    const write = await session.config.edit({
      baseHash: body.baseHash ?? null,
      reason: 'routing',
      watchPaths,
      build: (current) => {
        last = applyRoutingUpdate(current, update, env.write);
        return last.next;
      },
    });
    return {
      ok: true,
      rewritten: last.rewrites,
      problems: validateRouting(readRouting(last.next), env.validation),
      changed: write.changed,
      hash: write.hash,
      backupId: write.backupId,
      summary: write.summary,
    };
  }

  async reset(input: { baseHash?: string | null | undefined }): Promise<RoutingWrite> {
    const session = this.core.requireSession();
    const env = await this.load();
    if (env.readOnly) throw new AppError('CONFIG_READ_ONLY', 'config.yaml does not parse; fix it first (the repair editor shows where).');
    let next = env.configJs;
    const write = await session.config.edit({
      baseHash: input.baseHash ?? null,
      reason: 'routing',
      watchPaths: [['model_profiles'], ['model_routing'], ['delegation', 'model_profile']],
      build: (current) => {
        next = resetRouting(current);
        return next;
      },
    });
    return { ok: true, rewritten: [], problems: validateRouting(readRouting(next), env.validation), changed: write.changed, hash: write.hash, backupId: write.backupId, summary: write.summary };
  }

  async test(input: { toolsets: string[]; goal: string; model_profile?: string | undefined; cli_model?: string | undefined; draft?: RoutingSectionsIn | undefined }): Promise<RoutingTest> {
    const env = await this.load();
    const config = input.draft === undefined ? env.configJs : applyRoutingUpdate(env.configJs, this.update(input.draft), env.write).next;
    const r = readRouting(config);
    const d = decideDelegation(r, { toolsets: input.toolsets, goal: input.goal, ...(input.model_profile !== undefined && { modelProfile: input.model_profile }) });
    return {
      ...decisionView(d),
      chat: decisionView(decideChat(r, { ...(input.cli_model !== undefined && { cliModel: input.cli_model }) })),
      problems: validateRouting(r, env.validation),
    };
  }
}
