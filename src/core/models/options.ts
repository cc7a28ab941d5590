/**
 * `models.options` / `GET /api/model/options`: every provider the user can pick, with its models,
 * auth state and catalog state — built from local files and the catalog cache only, so it answers
 * at once. Stale or missing live lists are re-fetched in the background (`catalog.updated` events
 * follow); with `refresh` it waits for a fresh fetch of every list, each bounded by its timeout.
 *
 * Row shape: Hermes's (`slug, name, is_current, is_user_defined, models, total_models, source,
 * api_url, authenticated, auth_type, key_env, warning, pricing, capabilities`) plus extras
 * (`model_details`, `auth`, `catalog`, …). As in Hermes, providers that are not set up are listed only
 * with `include_unconfigured`, with `models: []`; `model_details` still carries their bundled list.
 */
import type { CatalogStatus, ModelOptions, PickerModel, ProviderOption } from '../../shared/contract/models';
import type { AuthSource, ProviderInfo } from '../../shared/domain/providers';
import { canonicalProviderId, getBuiltinProvider, MINIMUM_CONTEXT_LENGTH } from '../providers';
import { field, nonEmptyString } from '../providers/config-access';
import { summarizeMain } from '../config/config-summary';
import type { CatalogService } from './catalog-service';
import type { ModelsHomeContext } from './home-context';
import { liveSourceFor, mergeProviderModels, type LiveSourceResult } from './provider-models';

const SOURCE_NAMES: Record<ProviderInfo['source'], string> = {
  builtin: 'built-in',
  plugin: 'plugin',
  'user-config': 'user-config',
  'custom-providers': 'custom-providers',
  'model-config': 'model-config',
};

/** How to set a provider up, in one sentence (no secrets; names of env vars and commands only). */
export function setupHint(row: ProviderInfo): string {
  const vars = row.keyEnvVars;
  const orVars = vars.length > 1 ? ` (or ${vars.slice(1).join(', ')})` : '';
  if (!row.enabled) return `${row.label} is disabled in config.yaml (enabled: false).`;
  if (row.source === 'user-config' || row.source === 'custom-providers') return `Custom endpoint at ${row.defaultBaseUrl ?? 'its base URL'}.`;
  switch (row.id) {
    case 'moa':
      return 'Define Mixture-of-Agents presets under moa.presets in config.yaml.';
    case 'custom':
      return 'Set model.base_url to an OpenAI-compatible endpoint, or add a named custom endpoint.';
    case 'copilot':
      return `Add COPILOT_GITHUB_TOKEN${orVars} to .env, or log in with \`gh auth login\`.`;
    case 'copilot-acp':
      return 'Install the GitHub Copilot CLI and log in; Hermes starts `copilot --acp --stdio`.';
    case 'qwen-oauth':
      return 'Log in with the Qwen CLI; Hermes reuses that login.';
    default:
      break;
  }
  switch (row.authType) {
    case 'api_key':
      return vars.length > 0 ? `Add ${vars[0]}${orVars} to .env.` : `Add the provider's key to .env.`;
    case 'oauth_device_code':
    case 'oauth_external':
    case 'oauth_minimax':
      return `Sign in: run \`hermes model\` and choose ${row.label}.`;
    case 'aws_sdk':
      return 'Set AWS_PROFILE (or AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or AWS_BEARER_TOKEN_BEDROCK) in .env.';
    case 'vertex':
      return 'Set GOOGLE_APPLICATION_CREDENTIALS (or VERTEX_CREDENTIALS_PATH) to a service-account file and vertex.project_id in config.yaml.';
    default:
      return vars.length > 0 ? `Add ${vars[0]}${orVars} to .env.` : `Set up ${row.label} in Hermes first.`;
  }
}

function describeVia(via: readonly AuthSource[]): string {
  const first = via[0];
  if (!first) return '';
  const where: Record<AuthSource['kind'], string> = {
    dotenv: 'in .env',
    env: 'in the environment',
    keychain: 'in the keychain',
    'auth-json': 'login in auth.json',
    'credential-pool': 'credential pool in auth.json',
    'custom-endpoint': 'custom endpoint in config.yaml',
    config: 'in config.yaml',
  };
  return first.name !== undefined && first.kind !== 'custom-endpoint' ? `${first.name} ${where[first.kind]}` : where[first.kind];
}

function money(n: number): string {
  return `$${n < 0.1 && n > 0 ? n.toFixed(3) : n.toFixed(2)}`;
}

const FAST = /(^|[-_.:/])(fast|flash|turbo|spark|instant)([-_.:]|$)/i;

/** The excluded-provider list Hermes honours (`model_catalog.excluded_providers`). */
export function excludedProviders(configJs: unknown): Set<string> {
  const list = field(field(configJs, 'model_catalog'), 'excluded_providers');
  return new Set(Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string').map((v) => v.trim().toLowerCase()) : []);
}

/** The main provider as the rows name it (canonical id, or the `providers:` key as written). */
export function currentMainProvider(ctx: ModelsHomeContext): { provider: string; model: string } {
  const main = summarizeMain(ctx.configJs);
  const raw = main.provider;
  const extra = ctx.plugins.map((p) => ({ id: p.id, aliases: p.aliases }));
  let provider = canonicalProviderId(raw, { context: 'main', extra }) ?? raw.trim().toLowerCase();
  const userKey = ctx.providers.find((p) => p.id.toLowerCase() === raw.trim().toLowerCase());
  if (userKey && (userKey.source === 'user-config' || userKey.source === 'custom-providers')) provider = userKey.id;
  return { provider, model: main.model };
}

export interface BuildOptionsInput {
  includeUnconfigured: boolean;
  refresh: boolean;
  /** No live lists at all (demo home); every row says why. */
  offlineReason?: string;
}

function curatedStatus(reason: string): CatalogStatus {
  return { state: 'curated', fetchedAt: null, refreshing: false, liveCount: 0, reason };
}

/** Resolve the live source of every enabled provider (also used by refreshCatalog). */
export async function liveSources(ctx: ModelsHomeContext, rows: readonly ProviderInfo[] = ctx.providers): Promise<Map<string, LiveSourceResult>> {
  const entries = await Promise.all(rows.map(async (row) => [row.id, await liveSourceFor(ctx, row)] as const));
  return new Map(entries);
}

export async function buildModelOptions(ctx: ModelsHomeContext, catalog: CatalogService, input: BuildOptionsInput): Promise<ModelOptions> {
  const current = currentMainProvider(ctx);
  const excluded = excludedProviders(ctx.configJs);
  const rows = ctx.providers.filter((row) => {
    const isCurrent = row.id.toLowerCase() === current.provider.toLowerCase();
    if (isCurrent) return true;
    if (!row.enabled || excluded.has(row.id.toLowerCase())) return false;
    return input.includeUnconfigured || ctx.auth[row.id]?.authenticated === true;
  });
  const sources: Map<string, LiveSourceResult> =
    input.offlineReason !== undefined
      ? new Map(rows.map((row) => [row.id, { kind: 'none', reason: input.offlineReason ?? '' }]))
      : await liveSources(ctx, rows);
  if (input.refresh) {
    await Promise.all([...sources.values()].map((s) => (s.kind === 'live' ? catalog.refresh(s.source) : Promise.resolve())));
  }

  const providers: ProviderOption[] = [];
  for (const row of rows) {
    const isCurrent = row.id.toLowerCase() === current.provider.toLowerCase();
    const auth = ctx.auth[row.id] ?? { authenticated: false, via: [] };
    const source = sources.get(row.id) ?? { kind: 'none' as const, reason: 'no live list' };
    let status: CatalogStatus;
    let live = null;
    if (source.kind === 'live') {
      const read = await catalog.read(source.source, { revalidate: !input.refresh });
      status = read.status;
      live = read.models;
    } else {
      status = curatedStatus(source.reason);
    }
    const details: PickerModel[] = mergeProviderModels(ctx, row, live, isCurrent && current.model !== '' ? [current.model] : []);
    const ids = auth.authenticated || isCurrent ? details.map((m) => m.id) : [];
    const pricing: ProviderOption['pricing'] = {};
    const capabilities: ProviderOption['capabilities'] = {};
    for (const m of details) {
      if (m.pricing) {
        pricing[m.id] = {
          input: money(m.pricing.input),
          output: money(m.pricing.output),
          cache: m.pricing.cacheRead !== undefined ? money(m.pricing.cacheRead) : '',
          free: m.pricing.input === 0 && m.pricing.output === 0,
        };
      }
      capabilities[m.id] = { fast: FAST.test(m.id), reasoning: m.capabilities.reasoning === true };
    }
    const userDefined = row.source === 'user-config' || row.source === 'custom-providers' || row.source === 'model-config';
    const hint = auth.authenticated ? `Set up: ${describeVia(auth.via)}.` : setupHint(row);
    providers.push({
      slug: row.id,
      name: row.label,
      is_current: isCurrent,
      is_user_defined: userDefined,
      models: ids,
      total_models: ids.length,
      source: SOURCE_NAMES[row.source],
      ...(userDefined && row.defaultBaseUrl !== null && { api_url: row.defaultBaseUrl }),
      authenticated: auth.authenticated,
      auth_type: row.authType,
      key_env: row.keyEnvVars[0] ?? '',
      warning: auth.authenticated ? null : hint,
      pricing,
      capabilities,
      model_details: details,
      auth: { via: auth.via, hint },
      catalog: status,
      key_env_vars: row.keyEnvVars,
      aggregator: row.aggregator,
      enabled: row.enabled,
      aliases: row.aliases,
    });
  }
  return {
    providers,
    model: current.model,
    provider: current.provider,
    hash: ctx.configHash,
    minimum_context_length: MINIMUM_CONTEXT_LENGTH,
  };
}

/** Price of a model for the expensive-model guard: catalog first (live, then bundled), else null. */
export function findPricing(options: ModelOptions, provider: string, model: string): PickerModel['pricing'] | null {
  const row = options.providers.find((p) => p.slug === provider);
  return row?.model_details.find((m) => m.id === model)?.pricing ?? null;
}

/** Label of a provider id for messages. */
export function providerLabel(ctx: ModelsHomeContext, id: string): string {
  return ctx.providers.find((p) => p.id === id)?.label ?? getBuiltinProvider(id)?.label ?? nonEmptyString(id) ?? id;
}
