/**
 * The two precedence orders of a routing-aware Hermes (from the routing seed), shared by the core's
 * decision code and the UI's precedence panel.
 *
 *   chat:          CLI --model > model_profiles.chat.model > model.default > built-in default
 *   delegate_task: legacy delegation.model/provider > explicit model_profile on the call >
 *                  delegation.model_profile > routing rules (first match wins) > toolset heuristic
 */

export const DELEGATION_STEPS = ['legacy_delegation', 'explicit_profile', 'delegation_profile', 'routing_rule', 'toolset_heuristic'] as const;
export const CHAT_STEPS = ['cli_model', 'profile_chat', 'model_default', 'builtin_default'] as const;

export type DelegationStep = (typeof DELEGATION_STEPS)[number];
export type ChatStep = (typeof CHAT_STEPS)[number];
export type DecisionStep = DelegationStep | ChatStep;
export const DECISION_STEPS: readonly DecisionStep[] = [...CHAT_STEPS, ...DELEGATION_STEPS];

export const STEP_LABELS: Readonly<Record<DecisionStep, { title: string; detail: string }>> = {
  cli_model: { title: 'CLI --model', detail: 'hermes chat --model <id> wins for that session.' },
  profile_chat: { title: 'model_profiles.chat.model', detail: 'The chat profile, when it names a model.' },
  model_default: { title: 'model.default', detail: 'The main model.' },
  builtin_default: { title: 'Built-in default', detail: "Hermes's own default when nothing is configured." },
  legacy_delegation: { title: 'delegation.model / delegation.provider', detail: 'The legacy delegation settings win over every profile (also delegation.base_url).' },
  explicit_profile: { title: 'model_profile on the call', detail: 'delegate_task(model_profile=…) names a defined profile.' },
  delegation_profile: { title: 'delegation.model_profile', detail: 'The default profile for delegated tasks.' },
  routing_rule: { title: 'model_routing.rules', detail: 'The first rule whose toolsets or goal pattern match.' },
  toolset_heuristic: { title: 'Toolset heuristic', detail: 'Toolsets that suggest a kind of work; otherwise chat.' },
};
