import { AppError } from '../app-error';
import { summarizeAux, summarizeMain } from '../config/config-summary';
import { parseYamlText } from '../config/yaml-parse';
import { maskYamlForEdit, unmaskYaml } from '../secrets/mask-text';
import { maskYamlForDisplay } from '../secrets/mask-text';
import type { CoreServices, HandlersFor } from './types';

/** Placeholder maps handed out with masked raw text, per config version (core-side only). */
const masks = new WeakMap<object, Map<string, Map<string, string>>>();

export function configHandlers(core: CoreServices): HandlersFor<'config.read' | 'config.readRaw' | 'config.validateRaw' | 'config.saveRaw'> {
  return {
    'config.read': async () => {
      const session = core.requireSession();
      const snap = await session.config.read();
      const value = snap.parse.ok ? snap.parse.parsed.value : {};
      return {
        path: snap.path,
        exists: snap.exists,
        hash: snap.hash,
        mtimeMs: snap.mtimeMs,
        readOnly: !snap.parse.ok,
        parseError: snap.parse.ok ? null : { ...snap.parse.error, excerpt: snap.parse.error.excerpt && maskYamlForDisplay(snap.parse.error.excerpt) },
        duplicates: snap.parse.ok ? snap.parse.parsed.duplicates : [],
        warnings: snap.parse.ok ? snap.parse.parsed.warnings : [],
        main: summarizeMain(value),
        auxiliary: summarizeAux(value),
      };
    },

    'config.readRaw': async () => {
      const session = core.requireSession();
      const snap = await session.config.read();
      const masked = maskYamlForEdit(snap.raw);
      let byHash = masks.get(session);
      if (!byHash) masks.set(session, (byHash = new Map()));
      byHash.set(snap.hash, masked.secrets);
      return {
        hash: snap.hash,
        text: masked.text,
        maskedSecrets: masked.secrets.size,
        parseError: snap.parse.ok ? null : snap.parse.error,
      };
    },

    'config.validateRaw': async ({ text }) => {
      const out = parseYamlText(text);
      return { ok: out.ok, parseError: out.ok ? null : { ...out.error, excerpt: out.error.excerpt && maskYamlForDisplay(out.error.excerpt) } };
    },

    'config.saveRaw': async ({ text, baseHash }) => {
      const session = core.requireSession();
      const secrets = masks.get(session)?.get(baseHash) ?? new Map<string, string>();
      const restored = unmaskYaml(text, secrets);
      if (restored.unknown.length > 0) {
        throw new AppError('INVALID_INPUT', 'The text contains masked-secret placeholders this editor did not hand out. Reload the editor and try again.');
      }
      return session.config.replaceText({ baseHash, text: restored.text, reason: 'repair' });
    },
  };
}
