/**
 * The top-level sections a backup can be restored by. Keys that Hermes reads together are restored
 * together (the seed's routing-only restore is `model_profiles` + `model_routing`); every other
 * top-level key is a group of its own. A group's id is its first key, so ids never collide with
 * the name of a key that belongs to another group.
 */

export interface RestoreGroupDef {
  id: string;
  label: string;
  keys: readonly string[];
}

export const RESTORE_GROUPS: readonly RestoreGroupDef[] = [
  { id: 'model', label: 'Main model', keys: ['model'] },
  { id: 'auxiliary', label: 'Auxiliary models', keys: ['auxiliary'] },
  { id: 'fallback_providers', label: 'Fallback chain', keys: ['fallback_providers', 'fallback_model'] },
  { id: 'model_profiles', label: 'Routing', keys: ['model_profiles', 'model_routing'] },
  { id: 'delegation', label: 'Delegation (subagents)', keys: ['delegation'] },
  { id: 'providers', label: 'Providers', keys: ['providers', 'custom_providers'] },
];

const BY_KEY = new Map<string, RestoreGroupDef>(RESTORE_GROUPS.flatMap((g) => g.keys.map((k) => [k, g] as const)));

/** The group a top-level key is restored with. */
export function groupForKey(key: string): RestoreGroupDef {
  return BY_KEY.get(key) ?? { id: key, label: key, keys: [key] };
}

/** Groups present in either version, known groups first (in the order above), then file order. */
export function groupsPresent(currentKeys: readonly string[], backupKeys: readonly string[]): RestoreGroupDef[] {
  const present = new Set([...currentKeys, ...backupKeys]);
  const out: RestoreGroupDef[] = RESTORE_GROUPS.filter((g) => g.keys.some((k) => present.has(k)));
  const seen = new Set(out.map((g) => g.id));
  for (const key of [...currentKeys, ...backupKeys]) {
    const g = groupForKey(key);
    if (!seen.has(g.id)) {
      seen.add(g.id);
      out.push(g);
    }
  }
  return out;
}

/**
 * Expands requested section names (group ids or any member key) to the keys to restore, in a
 * stable order. Names present in neither version are reported, not ignored.
 */
export function expandSelection(requested: readonly string[], currentKeys: readonly string[], backupKeys: readonly string[]): { groups: RestoreGroupDef[]; keys: string[]; unknown: string[] } {
  const present = new Set([...currentKeys, ...backupKeys]);
  const groups: RestoreGroupDef[] = [];
  const unknown: string[] = [];
  for (const name of requested) {
    const g = groupForKey(name);
    if (!g.keys.some((k) => present.has(k))) {
      unknown.push(name);
      continue;
    }
    if (!groups.some((x) => x.id === g.id)) groups.push(g);
  }
  const keys = groups.flatMap((g) => g.keys.filter((k) => present.has(k)));
  return { groups, keys, unknown };
}
