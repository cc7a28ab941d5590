/**
 * Auxiliary tasks that plugins add to a Hermes home.
 *
 * Hermes plugins register side tasks in Python (`PluginContext.register_auxiliary_task("name", …)`),
 * with defaults layered under the user's config. The editor never runs plugin code, so it reads what
 * it can see without executing anything:
 *   1. `auxiliary_tasks:` in a plugin's `plugin.yaml` (our documented data-only extension) — a list
 *      of task keys or `{key, label, hint, timeout}` mappings;
 *   2. literal `register_auxiliary_task("name"` calls in the plugin's `__init__.py`.
 * Plugins live in `<home>/plugins/<dir>/` and `<home>/plugins/model-providers/<dir>/`.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { PluginAuxTask } from '../providers';

export type PluginAuxTaskDecl = PluginAuxTask & { readonly plugin: string };

const MAX_BYTES = 512 * 1024;
const TASK_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const PY_CALL = /register_auxiliary_task\(\s*(?:name\s*=\s*)?["']([A-Za-z_][A-Za-z0-9_-]{0,63})["']/g;

async function readSmall(file: string): Promise<string | null> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > MAX_BYTES) return null;
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function subdirs(parent: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(parent, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.') && !e.name.startsWith('_'))
    .map((e) => path.join(parent, e.name))
    .sort();
}

function fromManifest(text: string, plugin: string): PluginAuxTaskDecl[] {
  const doc = parseDocument(text, { version: '1.1', prettyErrors: false });
  if (doc.errors.length > 0) return [];
  const data: unknown = doc.toJS();
  const list = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>).auxiliary_tasks : undefined;
  if (!Array.isArray(list)) return [];
  const out: PluginAuxTaskDecl[] = [];
  for (const item of list) {
    if (typeof item === 'string' && TASK_KEY.test(item.trim())) {
      out.push({ key: item.trim(), plugin });
    } else if (typeof item === 'object' && item !== null) {
      const r = item as Record<string, unknown>;
      const key = typeof r.key === 'string' ? r.key.trim() : typeof r.name === 'string' ? r.name.trim() : '';
      if (!TASK_KEY.test(key)) continue;
      const timeout = typeof r.timeout === 'number' && r.timeout > 0 ? r.timeout : undefined;
      out.push({
        key,
        plugin,
        ...(typeof r.label === 'string' && r.label.trim() !== '' && { label: r.label.trim() }),
        ...(typeof r.hint === 'string' && r.hint.trim() !== '' && { hint: r.hint.trim() }),
        ...(timeout !== undefined && { defaultTimeout: timeout }),
      });
    }
  }
  return out;
}

/** Every plugin-declared auxiliary task of a home, first declaration of a key wins. Never throws. */
export async function readPluginAuxTasks(homeDir: string): Promise<PluginAuxTaskDecl[]> {
  const root = path.join(homeDir, 'plugins');
  const dirs = [...(await subdirs(path.join(root, 'model-providers'))), ...(await subdirs(root)).filter((d) => path.basename(d) !== 'model-providers')];
  const seen = new Set<string>();
  const out: PluginAuxTaskDecl[] = [];
  for (const dir of dirs) {
    const plugin = path.basename(dir);
    const found: PluginAuxTaskDecl[] = [];
    const manifest = (await readSmall(path.join(dir, 'plugin.yaml'))) ?? (await readSmall(path.join(dir, 'plugin.yml')));
    if (manifest !== null) found.push(...fromManifest(manifest, plugin));
    const source = await readSmall(path.join(dir, '__init__.py'));
    if (source !== null) for (const m of source.matchAll(PY_CALL)) found.push({ key: m[1]!, plugin });
    for (const task of found) {
      if (seen.has(task.key)) continue;
      seen.add(task.key);
      out.push(task);
    }
  }
  return out;
}
