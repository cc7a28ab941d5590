import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
  type ScalarTag,
  type ToJSOptions,
} from 'yaml';
import type { ParseErrorDetail } from '../../shared/errors';
import { deepFreeze } from './plain-value';

/**
 * Hermes reads config.yaml with PyYAML (YAML 1.1). The `yaml` package's 1.1 schema also treats
 * `y`/`n` as booleans, PyYAML does not (its bool regex is yes/no/true/false/on/off only), so we
 * replace the boolean tag to read values exactly as Hermes does.
 */
const PYYAML_BOOL: ScalarTag = {
  identify: (value) => typeof value === 'boolean',
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  resolve: (str) => /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(str),
  stringify: ({ value }) => (value ? 'true' : 'false'),
};

export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  // PyYAML keeps the last of duplicate keys; we must read such files too (and report the duplicates).
  uniqueKeys: false,
  merge: true,
  customTags: (tags) => [
    PYYAML_BOOL,
    ...tags.filter((t) => !(typeof t === 'object' && 'tag' in t && t.tag === 'tag:yaml.org,2002:bool')),
  ],
};

/** Alias-bomb guard: the same limit `yaml` uses by default, stated explicitly. */
export const TO_JS_OPTIONS: ToJSOptions = { maxAliasCount: 100 };

export type Eol = '\n' | '\r\n';

export interface DuplicateKey {
  /** Dotted path of the mapping holding the duplicates, '' for the root. */
  path: string;
  key: string;
  /** 1-based lines of every occurrence; the last one is what Hermes uses. */
  lines: number[];
}

export interface ParsedYaml {
  /** The file as read (with BOM if any). */
  raw: string;
  /** `raw` without a UTF-8 BOM; every node range refers to this text. */
  body: string;
  bom: boolean;
  eol: Eol;
  doc: Document.Parsed;
  /** The value Hermes would load (PyYAML semantics: last duplicate wins, merges applied). */
  value: unknown;
  duplicates: DuplicateKey[];
  warnings: string[];
  lineCounter: LineCounter;
}

export type ParseOutcome = { ok: true; parsed: ParsedYaml } | { ok: false; error: ParseErrorDetail };

/** The line ending new text should use: CRLF when the file mostly uses it. */
export function detectEol(text: string): Eol {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * Parses config text the way Hermes would read it. Never throws for bad input: a failure comes
 * back with a 1-based line and column so the UI can point at it.
 */
export function parseYamlText(raw: string, file = 'config.yaml'): ParseOutcome {
  const bom = raw.charCodeAt(0) === 0xfeff;
  const body = bom ? raw.slice(1) : raw;
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(body, { ...PARSE_OPTIONS, lineCounter, prettyErrors: false });
  } catch (err) {
    return { ok: false, error: { file, line: 1, column: 1, message: (err as Error).message } };
  }
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    return {
      ok: false,
      error: {
        file,
        line: pos.line,
        column: pos.col,
        message: cleanMessage(first.message),
        excerpt: lineAt(body, pos.line),
      },
    };
  }
  let value: unknown;
  try {
    value = doc.toJS(TO_JS_OPTIONS);
  } catch (err) {
    return { ok: false, error: { file, line: 1, column: 1, message: cleanMessage((err as Error).message) } };
  }
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
    return {
      ok: false,
      error: { file, line: 1, column: 1, message: 'The top level of config.yaml must be a mapping (key: value lines).' },
    };
  }
  return {
    ok: true,
    parsed: {
      raw,
      body,
      bom,
      eol: detectEol(body),
      doc,
      value: deepFreeze(value ?? {}),
      duplicates: findDuplicateKeys(doc.contents, '', lineCounter),
      warnings: doc.warnings.map((w) => cleanMessage(w.message)),
      lineCounter,
    },
  };
}

function cleanMessage(message: string): string {
  // `yaml` appends "at line N, column M:" plus a source excerpt; we report position separately.
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
}

function lineAt(text: string, line: number): string {
  return (text.split('\n')[line - 1] ?? '').replace(/\r$/, '');
}

function findDuplicateKeys(node: Node | null | undefined, path: string, lc: LineCounter): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  if (!node) return out;
  if (isMap(node)) {
    const seen = new Map<string, number[]>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const at = isScalar(pair.key) && pair.key.range ? lc.linePos(pair.key.range[0]).line : 0;
      seen.set(key, [...(seen.get(key) ?? []), at]);
      const child = pair.value as Node | null;
      if (child && !isAlias(child)) out.push(...findDuplicateKeys(child, path ? `${path}.${key}` : key, lc));
    }
    for (const [key, lines] of seen) if (lines.length > 1) out.push({ path, key, lines });
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (item && !isAlias(item)) out.push(...findDuplicateKeys(item as Node, `${path}[${i}]`, lc));
    });
  }
  return out;
}
