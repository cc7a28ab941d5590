import { Document, stringify, type Scalar } from 'yaml';

/**
 * Renders new YAML text for values the editor inserts. Output follows the layout Hermes itself
 * writes (PyYAML block style, single quotes when a string needs quoting, `''` for empty strings)
 * and is always valid for YAML 1.1 readers: strings PyYAML would read as another type are quoted.
 */

export interface LayoutStyle {
  /** Spaces per nesting level (2 in Hermes-written files). */
  indentUnit: number;
  /** Block sequences indented under their key (`key:\n  - a`) rather than flush (`key:\n- a`). */
  indentSeq: boolean;
}

const BASE = { version: '1.1' as const };

function toStringOptions(style: LayoutStyle, flowPadding = false) {
  return {
    indent: style.indentUnit,
    indentSeq: style.indentSeq,
    lineWidth: 0,
    minContentWidth: 0,
    singleQuote: true,
    flowCollectionPadding: flowPadding,
  };
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A scalar for inline use; keeps the node's quoting style when that style can hold the value. */
export function renderScalar(value: unknown, previousType?: Scalar['type']): string {
  if (typeof value === 'string') {
    // eslint-disable-next-line no-control-regex -- detecting control characters is the point
    const printable = !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value);
    if (previousType === 'QUOTE_SINGLE' && printable && !value.includes('\n')) {
      return `'${value.replace(/'/g, "''")}'`;
    }
    if (previousType === 'QUOTE_DOUBLE') {
      return stringify(value, { ...BASE, lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE' }).replace(/\n$/, '');
    }
  }
  return stringify(value, { ...BASE, lineWidth: 0, singleQuote: true }).replace(/\n$/, '');
}

/** Lines (at column 0, no line breaks) of a block collection. */
export function renderBlockLines(value: unknown, style: LayoutStyle): string[] {
  return splitLines(new Document(value, BASE).toString(toStringOptions(style)));
}

/** Lines of `key: value` as a block (the key quoted when needed). */
export function renderPairLines(key: string, value: unknown, style: LayoutStyle): string[] {
  return renderBlockLines({ [key]: value }, style);
}

/** Lines of `- value` as one block sequence item. */
export function renderItemLines(value: unknown, style: LayoutStyle): string[] {
  return renderBlockLines([value], style);
}

/** A flow collection on one line, e.g. `{a: 1, b: [x, y]}`. */
export function renderFlow(value: unknown, padding: boolean): string {
  const doc = new Document(value, BASE);
  const contents = doc.contents as { flow?: boolean } | null;
  if (contents && typeof contents === 'object') contents.flow = true;
  return doc.toString({ ...toStringOptions({ indentUnit: 2, indentSeq: true }, padding) }).replace(/\n$/, '');
}

/** True for values the editor writes inline after `key:` (scalars and empty collections). */
export function isInlineValue(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || value instanceof Date) return true;
  if (Array.isArray(value)) return value.length === 0;
  return Object.keys(value).length === 0;
}

/** Inline text for a scalar or an empty collection (`{}` / `[]`). */
export function renderInline(value: unknown, previousType?: Scalar['type']): string {
  if (Array.isArray(value)) return '[]';
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return '{}';
  return renderScalar(value, previousType);
}
