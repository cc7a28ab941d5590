/**
 * Auxiliary (side-task) model slots.
 *
 * Hermes runs side tasks — image reading, context compression, titles, approvals — on their own
 * models under `auxiliary.<task>`. Which tasks exist differs by surface: 18 in DEFAULT_CONFIG, 13 in
 * the `hermes model` menu, 11 in the web dashboard, plus whatever plugins register and whatever newer
 * Hermes versions add. The editor shows the union, dashboard slots first.
 * Mirrors `hermes_cli/config.py::DEFAULT_CONFIG["auxiliary"]`, `hermes_cli/main.py::_AUX_TASKS` and
 * `hermes_cli/web_server.py::_AUX_TASK_SLOTS`.
 */

/** Static facts about one auxiliary task. */
export interface AuxTaskDef {
  readonly key: string;
  readonly label: string;
  /** One line saying what the task's model is used for. */
  readonly hint: string;
  /** Default `timeout` in seconds. */
  readonly defaultTimeout: number;
  /** One of the 11 web-dashboard slots. */
  readonly dashboard: boolean;
  /** Listed in the `hermes model` auxiliary menu. */
  readonly cliMenu: boolean;
  /** The default block has a `reasoning_effort` key. */
  readonly hasReasoningEffort: boolean;
  /** Task-specific keys of the default block, beyond the standard fields. */
  readonly extraDefaults?: Readonly<Record<string, unknown>>;
  /** Only models with at least this context window are usable (compression). */
  readonly minContextLength?: number;
}

/** The 18 tasks of DEFAULT_CONFIG at the reference baseline, in DEFAULT_CONFIG order. */
export const DEFAULT_AUX_TASKS: readonly AuxTaskDef[] = [
  {
    key: 'vision',
    label: 'Vision',
    hint: 'Describes images and screenshots for the main model',
    defaultTimeout: 120,
    dashboard: true,
    cliMenu: true,
    hasReasoningEffort: true,
    extraDefaults: { download_timeout: 30 },
  },
  {
    key: 'web_extract',
    label: 'Web extraction',
    hint: 'Condenses fetched web pages',
    defaultTimeout: 360,
    dashboard: true,
    cliMenu: true,
    hasReasoningEffort: true,
  },
  {
    key: 'compression',
    label: 'Compression',
    hint: 'Summarises old turns when the context fills up',
    defaultTimeout: 120,
    dashboard: true,
    cliMenu: true,
    hasReasoningEffort: true,
    minContextLength: 64_000,
  },
  {
    key: 'skills_hub',
    label: 'Skills hub',
    hint: 'Searches and ranks skills',
    defaultTimeout: 30,
    dashboard: true,
    cliMenu: true,
    hasReasoningEffort: true,
  },
  {
    key: 'approval',
    label: 'Approval',
    hint: 'Judges whether a command is safe to auto-approve',
    defaultTimeout: 30,
    dashboard: true,
    cliMenu: true,
    hasReasoningEffort: true,
  },
  {
    key: 'mcp',
    label: 'MCP',
    hint: 'Picks and routes MCP tools',
    defaultTimeout: 30,
    dashboard: true,
    cliMenu: true,
    hasReasoningEffort: true,
  },
  {
    key: 'title_generation',
    label: 'Titles',
    hint: 'Names sessions',
    defaultTimeout: 30,
    dashboard: true,
    cliMenu: true,
    hasReasoningEffort: true,
    extraDefaults: { enabled: true, language: '' },
  },
  {
    key: 'memory_query_rewrite',
    label: 'Memory query rewrite',
    hint: 'Rephrases questions before searching memory',
    defaultTimeout: 8,
    dashboard: false,
    cliMenu: true,
    hasReasoningEffort: false,
  },
  {
    key: 'tts_audio_tags',
    label: 'TTS audio tags',
    hint: 'Adds expression tags to text before speech synthesis',
    defaultTimeout: 30,
    dashboard: false,
    cliMenu: true,
    hasReasoningEffort: true,
  },
  {
    key: 'triage_specifier',
    label: 'Triage specifier',
    hint: 'Turns rough kanban cards into specs',
    defaultTimeout: 120,
    dashboard: true,
    cliMenu: true,
    hasReasoningEffort: true,
  },
  {
    key: 'kanban_decomposer',
    label: 'Kanban decomposer',
    hint: 'Splits kanban work into subtasks',
    defaultTimeout: 180,
    dashboard: true,
    cliMenu: true,
    hasReasoningEffort: true,
  },
  {
    key: 'profile_describer',
    label: 'Profile describer',
    hint: 'Writes descriptions of Hermes profiles',
    defaultTimeout: 60,
    dashboard: true,
    cliMenu: true,
    hasReasoningEffort: true,
  },
  {
    key: 'goal_judge',
    label: 'Goal judge',
    hint: 'Decides whether a goal has been reached',
    defaultTimeout: 60,
    dashboard: false,
    cliMenu: false,
    hasReasoningEffort: true,
  },
  {
    key: 'curator',
    label: 'Curator',
    hint: 'Tidies up skills and memory in the background',
    defaultTimeout: 600,
    dashboard: true,
    cliMenu: true,
    hasReasoningEffort: true,
  },
  {
    key: 'monitor',
    label: 'Monitor',
    hint: 'Watches long-running work',
    defaultTimeout: 60,
    dashboard: false,
    cliMenu: false,
    hasReasoningEffort: true,
  },
  {
    key: 'background_review',
    label: 'Background review',
    hint: 'Reviews finished sessions for lessons to keep',
    defaultTimeout: 120,
    dashboard: false,
    cliMenu: false,
    hasReasoningEffort: true,
  },
  {
    key: 'moa_reference',
    label: 'MoA reference',
    hint: 'Default for Mixture-of-Agents reference models',
    defaultTimeout: 900,
    dashboard: false,
    cliMenu: false,
    hasReasoningEffort: false,
  },
  {
    key: 'moa_aggregator',
    label: 'MoA aggregator',
    hint: 'Default for the Mixture-of-Agents aggregator',
    defaultTimeout: 900,
    dashboard: false,
    cliMenu: false,
    hasReasoningEffort: false,
  },
];

/**
 * The 11 dashboard slots in the dashboard's order (`_AUX_TASK_SLOTS`). `POST /api/model/set` with
 * `task: ""` or `"__reset__"` touches exactly these.
 */
export const DASHBOARD_AUX_TASK_KEYS: readonly string[] = [
  'vision',
  'web_extract',
  'compression',
  'skills_hub',
  'approval',
  'mcp',
  'title_generation',
  'triage_specifier',
  'kanban_decomposer',
  'profile_describer',
  'curator',
];

/**
 * Tasks newer upstream Hermes added after the baseline (reference §10). Known so they get a proper
 * label when they appear in a config; not added to the universe unless they do.
 */
export const newerUpstreamTasks: readonly AuxTaskDef[] = [
  {
    key: 'review',
    label: 'Review',
    hint: 'Runs the code-review subagent behind /review',
    defaultTimeout: 120,
    dashboard: false,
    cliMenu: false,
    hasReasoningEffort: false,
  },
];

/** Scalar/list keys that live directly under `auxiliary` and are not tasks. */
export const AUXILIARY_NON_TASK_KEYS: readonly string[] = ['transient_retries', 'free_only', 'openrouter_model', 'stream_only_base_urls'];

/** A task a plugin registered (`PluginContext.register_auxiliary_task`). */
export interface PluginAuxTask {
  readonly key: string;
  readonly label?: string;
  readonly hint?: string;
  readonly defaultTimeout?: number;
}

/** One row of the editor's task list. */
export interface AuxTaskEntry {
  readonly key: string;
  readonly label: string;
  readonly hint: string;
  /** `dashboard` rows are shown first; `more` behind a disclosure. */
  readonly group: 'dashboard' | 'more';
  /** Where the task is known from (a default wins over a plugin, a plugin over config-only). */
  readonly origin: 'default' | 'newer-upstream' | 'plugin' | 'config';
  /** The config file has a block for it. */
  readonly configured: boolean;
  readonly defaultTimeout?: number;
  readonly dashboard: boolean;
  readonly cliMenu: boolean;
  readonly hasReasoningEffort: boolean;
}

const DEFAULT_BY_KEY = new Map(DEFAULT_AUX_TASKS.map((t) => [t.key, t]));
const NEWER_BY_KEY = new Map(newerUpstreamTasks.map((t) => [t.key, t]));

/** `kanban_decomposer` → `Kanban decomposer`, for tasks nobody labelled. */
export function humanizeTaskKey(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words === '' ? key : words.charAt(0).toUpperCase() + words.slice(1);
}

function isMapping(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fromDef(def: AuxTaskDef, origin: AuxTaskEntry['origin'], configured: boolean): AuxTaskEntry {
  return {
    key: def.key,
    label: def.label,
    hint: def.hint,
    group: def.dashboard ? 'dashboard' : 'more',
    origin,
    configured,
    defaultTimeout: def.defaultTimeout,
    dashboard: def.dashboard,
    cliMenu: def.cliMenu,
    hasReasoningEffort: def.hasReasoningEffort,
  };
}

/**
 * Every auxiliary task the editor should offer: the union of the config's `auxiliary` blocks (values
 * that are not mappings, like `transient_retries`, are skipped), the DEFAULT_CONFIG tasks and
 * plugin-registered ones.
 *
 * Order: the 11 dashboard slots in dashboard order; then the other defaults in DEFAULT_CONFIG order;
 * then tasks only the config or plugins know, config ones in file order before plugin ones in the
 * order given.
 */
export function auxTaskUniverse(
  configAuxiliary: unknown,
  pluginTasks: readonly (string | PluginAuxTask)[] = [],
): AuxTaskEntry[] {
  const configKeys: string[] = [];
  if (isMapping(configAuxiliary)) {
    for (const [key, value] of Object.entries(configAuxiliary as Record<string, unknown>)) {
      if (isMapping(value) && !AUXILIARY_NON_TASK_KEYS.includes(key)) configKeys.push(key);
    }
  }
  const configured = new Set(configKeys);
  const plugins = pluginTasks
    .map((t): PluginAuxTask => (typeof t === 'string' ? { key: t } : t))
    .filter((t) => t.key.trim() !== '');
  const pluginByKey = new Map(plugins.map((t) => [t.key, t]));

  const result: AuxTaskEntry[] = [];
  const seen = new Set<string>();
  const push = (entry: AuxTaskEntry): void => {
    if (seen.has(entry.key)) return;
    seen.add(entry.key);
    result.push(entry);
  };

  for (const key of DASHBOARD_AUX_TASK_KEYS) {
    const def = DEFAULT_BY_KEY.get(key);
    if (def !== undefined) push(fromDef(def, 'default', configured.has(key)));
  }
  for (const def of DEFAULT_AUX_TASKS) push(fromDef(def, 'default', configured.has(def.key)));

  const extraEntry = (key: string, origin: 'plugin' | 'config'): AuxTaskEntry => {
    const newer = NEWER_BY_KEY.get(key);
    if (newer !== undefined) return fromDef(newer, 'newer-upstream', configured.has(key));
    const plugin = pluginByKey.get(key);
    return {
      key,
      label: plugin?.label ?? humanizeTaskKey(key),
      hint: plugin?.hint ?? (origin === 'plugin' ? 'Registered by a plugin' : 'Found in config.yaml'),
      group: 'more',
      origin: plugin === undefined ? origin : 'plugin',
      configured: configured.has(key),
      ...(plugin?.defaultTimeout !== undefined && { defaultTimeout: plugin.defaultTimeout }),
      dashboard: false,
      cliMenu: plugin !== undefined,
      hasReasoningEffort: true,
    };
  };
  for (const key of configKeys) push(extraEntry(key, 'config'));
  for (const plugin of plugins) push(extraEntry(plugin.key, 'plugin'));
  return result;
}
