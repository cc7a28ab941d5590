/**
 * Fallback chains and routing profiles.
 *
 * Fallback: the main model's chain (`fallback_providers`, merged with the legacy `fallback_model`
 * the way Hermes reads them) and each auxiliary task's `fallback_chain`; a write replaces the whole
 * chain (and migrates `fallback_model` into `fallback_providers`, as `hermes fallback` does).
 * Routing: `model_profiles`, `model_routing.rules` and the routing keys of `delegation`, the rule
 * tester, and "reset routing to defaults".
 *
 * REST (browser host): `GET/PUT /api/fallback`, `POST /api/fallback/test`, `GET/PUT /api/routing`,
 * `POST /api/routing/test`, `POST /api/routing/reset`. No Hermes endpoint exists for these, so the
 * shapes are this app's: snake_case like the config keys they mirror. Secrets never appear: inline
 * keys are reported as present (`has_api_key`) or masked (`••••1234`).
 */
import { z } from 'zod';
import { ProbeResultSchema } from '../domain/probes';
import { DECISION_STEPS } from '../routing/precedence';
import { Hash } from './common';
import { channel } from './define';

// ------------------------------------------------------------------------------------------ fallback

const Origin = z.enum(['fallback_providers', 'fallback_model', 'fallback_chain']);
export const EntrySourceSchema = z.object({ origin: Origin, index: z.number().int().nonnegative() });

/** An entry as a client sends it: the edited fields, and which entry on disk it was (its other keys are kept). */
export const FallbackEntryInSchema = z.object({
  provider: z.string().trim().max(200).default(''),
  model: z.string().trim().max(500).default(''),
  base_url: z.string().trim().max(2000).optional(),
  key_env: z.string().trim().max(200).optional(),
  api_mode: z.string().trim().max(100).optional(),
  /** The entry this was (from GET): keys the editor does not edit (api_key, extra_body, …) are kept. */
  source: EntrySourceSchema.nullable().optional(),
});
export type FallbackEntryIn = z.input<typeof FallbackEntryInSchema>;

export const EntryKeySchema = z.object({
  /** The variable the key is read from (absent for an inline key). */
  name: z.string().optional(),
  kind: z.string(),
  location: z.string(),
  last4: z.string().optional(),
  usable: z.boolean(),
});

export const FallbackEntrySchema = z.object({
  /** 0-based position in the chain. */
  position: z.number().int().nonnegative(),
  /** Where the entry is on disk (null: a new entry of a draft). */
  source: EntrySourceSchema.nullable(),
  provider: z.string(),
  model: z.string(),
  base_url: z.string(),
  key_env: z.string(),
  api_mode: z.string(),
  /** An inline `api_key` is written in the entry (its value is never sent). */
  has_api_key: z.boolean(),
  /** Other keys of the entry, kept as they are. */
  other_keys: z.array(z.string()),
  /** False when Hermes ignores the entry (no provider, or no model in the main chain). */
  usable: z.boolean(),
  /** What Hermes would use for it. */
  effective: z.object({
    provider: z.string().nullable(),
    provider_label: z.string(),
    base_url: z.string().nullable(),
    model: z.string(),
    api_mode: z.string(),
    key: EntryKeySchema.nullable(),
    key_note: z.string().optional(),
  }),
});
export type FallbackEntry = z.infer<typeof FallbackEntrySchema>;

export const ChainProblemSchema = z.object({
  index: z.number().int().nonnegative(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  field: z.enum(['provider', 'model', 'base_url', 'key_env', 'api_mode']).optional(),
  message: z.string(),
  /** The canonical provider id to use instead (aliases, typos). */
  suggestion: z.string().optional(),
});
export type ChainProblem = z.infer<typeof ChainProblemSchema>;

export const SlotRefSchema = z.object({ provider: z.string(), provider_label: z.string(), model: z.string(), base_url: z.string() });

export const ChainViewSchema = z.object({
  /** null: the main model's chain; else the auxiliary task. */
  task: z.string().nullable(),
  label: z.string(),
  /** What the chain backs up: the main model, or the task's own model. */
  primary: SlotRefSchema,
  entries: z.array(FallbackEntrySchema),
  problems: z.array(ChainProblemSchema),
});
export type ChainView = z.infer<typeof ChainViewSchema>;

export const LegacyInfoSchema = z.object({
  /** config.yaml has `fallback_model`. */
  present: z.boolean(),
  form: z.enum(['mapping', 'list']).nullable(),
  /** Its entries in the effective chain (after fallback_providers), and the ones dropped as duplicates. */
  merged: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
});

export const FallbackStateSchema = z.object({
  hash: Hash,
  read_only: z.boolean(),
  main: ChainViewSchema.extend({ legacy: LegacyInfoSchema }),
  /** Auxiliary tasks that have a `fallback_chain`, in file order. */
  auxiliary: z.array(ChainViewSchema),
  /** Every auxiliary task (to add a chain to). */
  tasks: z.array(z.object({ key: z.string(), label: z.string(), provider: z.string(), model: z.string(), has_chain: z.boolean() })),
});
export type FallbackState = z.infer<typeof FallbackStateSchema>;

export const RewriteSchema = z.object({ index: z.number().int(), field: z.enum(['provider', 'model']), from: z.string(), to: z.string() });

const ChainRequest = z.object({
  /** An auxiliary task; absent or null for the main chain. */
  task: z.string().trim().min(1).max(100).nullable().optional(),
  chain: z.array(FallbackEntryInSchema).max(50),
});

export const FallbackDraftSchema = ChainViewSchema.extend({
  /** Provider ids / model ids the write would rewrite (canonical ids, normalised model ids). */
  rewritten: z.array(RewriteSchema),
  /** The write would move `fallback_model` into `fallback_providers`. */
  migrates_legacy: z.boolean(),
});

export const FallbackWriteSchema = z.object({
  ok: z.literal(true),
  task: z.string().nullable(),
  chain: ChainViewSchema,
  rewritten: z.array(RewriteSchema),
  migrated_legacy: z.boolean(),
  changed: z.boolean(),
  hash: Hash,
  backupId: z.string().nullable(),
  summary: z.string(),
});
export type FallbackWrite = z.infer<typeof FallbackWriteSchema>;

export const CHAIN_VERDICTS = ['serves', 'standby', 'ok', 'dead', 'untested', 'skipped', 'pending', 'cancelled'] as const;

export const ChainTestEntrySchema = z.object({
  position: z.number().int().nonnegative(),
  provider: z.string(),
  model: z.string(),
  label: z.string(),
  /** The probe target id its streamed `probe.result` carries (`chain:<n>`). */
  target_id: z.string(),
  verdict: z.enum(CHAIN_VERDICTS),
  /** Why it was skipped without a probe, or the probe's hint. */
  reason: z.string(),
  result: ProbeResultSchema.nullable(),
});
export type ChainTestEntry = z.infer<typeof ChainTestEntrySchema>;

export const ChainTestSchema = z.object({
  runId: z.string(),
  task: z.string().nullable(),
  entries: z.array(ChainTestEntrySchema),
  /** The entry that would serve if the primary failed now (null: none). */
  serving: z.number().int().nullable(),
  cancelled: z.boolean(),
  totalMs: z.number().nonnegative(),
});
export type ChainTest = z.infer<typeof ChainTestSchema>;

// ------------------------------------------------------------------------------------------- routing

const ProfileValue = z.record(z.string(), z.unknown());
const RuleValue = z.record(z.string(), z.unknown());

export const RoutingProblemSchema = z.object({
  where: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  section: z.enum(['model_profiles', 'model_routing', 'delegation']),
  profile: z.string().optional(),
  rule: z.number().int().optional(),
  field: z.string().optional(),
  suggestion: z.string().optional(),
});
export type RoutingProblem = z.infer<typeof RoutingProblemSchema>;

export const ProfileViewSchema = z.object({
  name: z.string(),
  /** One of chat, coding, planning, research (always listed). */
  is_default: z.boolean(),
  /** Present in config.yaml. */
  defined: z.boolean(),
  model: z.string(),
  provider: z.string(),
  base_url: z.string(),
  api_key_env: z.string(),
  /** No model, provider or base URL: the profile uses the main model. */
  empty: z.boolean(),
  /** What the profile resolves to (the main model's provider/model for empty fields). */
  resolved: z.object({ provider: z.string(), model: z.string(), base_url: z.string(), inherited: z.boolean() }),
  /** The profile as written (literal secrets masked), so clients can send it back with edits. */
  fields: ProfileValue,
});
export type ProfileView = z.infer<typeof ProfileViewSchema>;

export const RuleViewSchema = z.object({
  index: z.number().int().nonnegative(),
  kind: z.enum(['toolsets', 'goal']).nullable(),
  values: z.array(z.string()),
  profile: z.string(),
  /** The rule as written. */
  fields: RuleValue,
});
export type RuleView = z.infer<typeof RuleViewSchema>;

const DelegationRouting = z.object({ model_profile: z.string(), provider: z.string(), model: z.string(), base_url: z.string() });

export const DecisionStepSchema = z.enum(DECISION_STEPS as unknown as [string, ...string[]]);

export const DecisionSchema = z.object({
  decided_by: DecisionStepSchema,
  /** Every step checked, in precedence order, up to the deciding one. */
  trace: z.array(z.object({ step: DecisionStepSchema, applied: z.boolean(), note: z.string() })),
  rule: z.object({ index: z.number().int(), kind: z.enum(['toolsets', 'goal']).nullable(), values: z.array(z.string()), profile: z.string() }).nullable(),
  /** The toolset or goal pattern that matched. */
  matched: z.string().nullable(),
  profile: z.string().nullable(),
  /** The chosen profile is empty (or none applies) and the main model is used. */
  inherited_primary: z.boolean(),
  provider: z.string(),
  model: z.string(),
  base_url: z.string(),
  reason: z.string(),
});
export type Decision = z.infer<typeof DecisionSchema>;

export const RoutingStateSchema = z.object({
  hash: Hash,
  read_only: z.boolean(),
  primary: z.object({ provider: z.string(), model: z.string(), base_url: z.string() }),
  // The sections in the shape PUT takes (literal secrets masked).
  model_profiles: z.record(z.string(), ProfileValue),
  model_routing: z.record(z.string(), z.unknown()),
  delegation: DelegationRouting,
  // Views for the UI.
  profiles: z.array(ProfileViewSchema),
  rules: z.array(RuleViewSchema),
  /** Other delegation keys (kept by every write). */
  delegation_other_keys: z.array(z.string()),
  problems: z.array(RoutingProblemSchema),
  /** The toolset heuristic, last step of the delegation order. */
  heuristic: z.array(z.object({ profile: z.string(), toolsets: z.array(z.string()) })),
  /** Which model an interactive chat uses now. */
  chat: DecisionSchema,
});
export type RoutingState = z.infer<typeof RoutingStateSchema>;

const RoutingSections = z.object({
  /** Profile name → `{model, provider, base_url, api_key_env, …}`; replaces the whole mapping. */
  model_profiles: z.record(z.string().trim().min(1).max(64), ProfileValue).optional(),
  /** `{rules: [{if_toolsets_any | if_goal_matches, profile}], …}`; replaces the whole mapping. */
  model_routing: z.object({ rules: z.array(RuleValue).max(200).optional() }).catchall(z.unknown()).optional(),
  /** Only these four delegation keys change; every other delegation key is kept. */
  delegation: z
    .object({
      model_profile: z.string().trim().max(64).optional(),
      provider: z.string().trim().max(200).optional(),
      model: z.string().trim().max(500).optional(),
      base_url: z.string().trim().max(2000).optional(),
    })
    .optional(),
});
export type RoutingSectionsIn = z.input<typeof RoutingSections>;

export const RoutingWriteSchema = z.object({
  ok: z.literal(true),
  rewritten: z.array(z.object({ where: z.string(), field: z.enum(['provider', 'model']), from: z.string(), to: z.string() })),
  problems: z.array(RoutingProblemSchema),
  changed: z.boolean(),
  hash: Hash,
  backupId: z.string().nullable(),
  summary: z.string(),
});
export type RoutingWrite = z.infer<typeof RoutingWriteSchema>;

/** Toolsets as a list, or one comma-separated string (handy for curl). */
const Toolsets = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',') : v),
  z.array(z.string().trim().max(100)).max(100).transform((a) => a.filter((t) => t !== '')),
);

export const RoutingTestRequest = z.object({
  toolsets: Toolsets.default([]),
  goal: z.string().max(10_000).default(''),
  /** A profile named explicitly on the delegate_task call. */
  model_profile: z.string().trim().max(64).optional(),
  /** For the chat decision: a `--model` on the command line. */
  cli_model: z.string().trim().max(500).optional(),
  /** Test unsaved sections instead of the file's (same shape as PUT /api/routing). */
  draft: RoutingSections.optional(),
});

export const RoutingTestSchema = DecisionSchema.extend({
  chat: DecisionSchema,
  problems: z.array(RoutingProblemSchema),
});
export type RoutingTest = z.infer<typeof RoutingTestSchema>;

export const routingChannels = {
  'fallback.get': channel({
    summary: "The main model's effective fallback chain (fallback_providers + legacy fallback_model) and every auxiliary fallback_chain, validated.",
    request: z.object({}),
    response: FallbackStateSchema,
    rest: { method: 'GET', path: '/api/fallback' },
  }),
  'fallback.validate': channel({
    summary: 'Validate a draft chain (nothing is written): the entries as they would be written, problems, rewrites.',
    request: ChainRequest,
    response: FallbackDraftSchema,
  }),
  'fallback.set': channel({
    summary: 'Replace a chain: the main chain goes to fallback_providers (fallback_model removed), a task chain to auxiliary.<task>.fallback_chain.',
    request: ChainRequest.extend({ baseHash: Hash.nullable().optional() }),
    response: FallbackWriteSchema,
    rest: { method: 'PUT', path: '/api/fallback' },
    mutates: true,
  }),
  'fallback.test': channel({
    summary: 'Probe every entry of a chain (saved, or a draft) in chain order; results stream as probe.result events; says which entry would serve now.',
    request: z.object({
      task: z.string().trim().min(1).max(100).nullable().optional(),
      /** A draft chain; the saved one when absent. */
      chain: z.array(FallbackEntryInSchema).max(50).optional(),
      runId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/).optional(),
      timeoutMs: z.number().int().min(500).max(120_000).optional(),
      /** Also send a one-token completion per entry (costs a few tokens). */
      completion: z.boolean().optional(),
    }),
    response: ChainTestSchema,
    rest: { method: 'POST', path: '/api/fallback/test' },
    mutates: true,
  }),
  'fallback.cancelTest': channel({
    summary: 'Cancel a running chain test; probes still running end as "cancelled".',
    request: z.object({ runId: z.string().min(1).max(64) }),
    response: z.object({ cancelled: z.boolean() }),
  }),
  'routing.get': channel({
    summary: 'Routing profiles, rules and delegation settings, validated, with the current chat decision.',
    request: z.object({}),
    response: RoutingStateSchema,
    rest: { method: 'GET', path: '/api/routing' },
  }),
  'routing.set': channel({
    summary: 'Replace model_profiles and/or model_routing, and/or set the routing keys of delegation.',
    request: RoutingSections.extend({ baseHash: Hash.nullable().optional() }),
    response: RoutingWriteSchema,
    rest: { method: 'PUT', path: '/api/routing' },
    mutates: true,
  }),
  'routing.test': channel({
    summary: 'The rule tester: which precedence step decides a delegated task, which rule fires, which profile and model result.',
    request: RoutingTestRequest,
    response: RoutingTestSchema,
    rest: { method: 'POST', path: '/api/routing/test' },
  }),
  'routing.reset': channel({
    summary: 'Reset routing to defaults: remove model_profiles and model_routing, clear delegation.model_profile (backed up).',
    request: z.object({ baseHash: Hash.nullable().optional() }),
    response: RoutingWriteSchema,
    rest: { method: 'POST', path: '/api/routing/reset' },
    mutates: true,
  }),
};
