/**
 * Static reading of `ProviderProfile(...)` calls in a provider plugin's `__init__.py`.
 *
 * Hermes model-provider plugins declare their data in Python (`plugin.yaml` is only a manifest:
 * name, kind, version, description, author). The editor must never execute plugin code, so it reads
 * the keyword arguments that are plain literals — strings, numbers, booleans, None and tuples/lists of
 * those — and ignores everything else (f-strings, names, calls, dicts). Enough for id, label, env vars,
 * base URL, api_mode, aliases and model lists, which is what pickers and key scoping need.
 * Reads the shape of `providers/base.py::ProviderProfile` as used in `plugins/model-providers/*`.
 */

export type PyLiteral = string | number | boolean | null | PyLiteral[];

/** Keyword arguments of one profile call; non-literal arguments are absent. */
export type PyKwargs = Record<string, PyLiteral>;

type Token =
  | { type: 'name'; value: string }
  | { type: 'string'; value: string | null }
  | { type: 'number'; value: number }
  | { type: 'op'; value: string };

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/;

function unescapePython(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\r?\n|.)/g, (_, seq: string) => {
    switch (seq[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return seq === 'r' ? '\r' : '';
      case '0':
        return '\0';
      case 'x':
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(seq.slice(1), 16));
      case '\n':
      case '\r':
        return '';
      default:
        return seq;
    }
  });
}

/** Tokenise just enough Python: names, strings, numbers, single-char operators; comments dropped. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (ch === '#') {
      while (i < source.length && source[i] !== '\n') i += 1;
      continue;
    }
    if (/\s/.test(ch) || ch === '\\') {
      i += 1;
      continue;
    }
    if (NAME_START.test(ch)) {
      let j = i;
      while (j < source.length && NAME_PART.test(source[j] ?? '')) j += 1;
      const word = source.slice(i, j);
      const next = source[j];
      if ((next === '"' || next === "'") && STRING_PREFIX.test(word)) {
        i = readString(source, j, word.toLowerCase(), tokens);
        continue;
      }
      tokens.push({ type: 'name', value: word });
      i = j;
      continue;
    }
    if (ch === '"' || ch === "'") {
      i = readString(source, i, '', tokens);
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      let j = i;
      while (j < source.length && /[0-9a-fA-FxXoObB._]/.test(source[j] ?? '')) j += 1;
      const text = source.slice(i, j).replace(/_/g, '');
      const value = Number(text);
      tokens.push(Number.isFinite(value) ? { type: 'number', value } : { type: 'op', value: '?' });
      i = j;
      continue;
    }
    tokens.push({ type: 'op', value: ch });
    i += 1;
  }
  return tokens;
}

/** Read a (possibly triple-quoted, possibly prefixed) string starting at the quote; returns the next index. */
function readString(source: string, start: number, prefix: string, tokens: Token[]): number {
  const quote = source[start] ?? '"';
  const triple = source.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  let j = start + delimiter.length;
  let body = '';
  while (j < source.length) {
    if (source[j] === '\\') {
      body += source.slice(j, j + 2);
      j += 2;
      continue;
    }
    if (source.startsWith(delimiter, j)) break;
    if (!triple && source[j] === '\n') break; // unterminated single-line string: stop at the line end
    body += source[j];
    j += 1;
  }
  const end = Math.min(source.length, j + delimiter.length);
  const isFormatted = prefix.includes('f');
  const isRaw = prefix.includes('r');
  tokens.push({ type: 'string', value: isFormatted ? null : isRaw ? body : unescapePython(body) });
  return end;
}

const NOT_LITERAL = Symbol('not-literal');
type Parsed = PyLiteral | typeof NOT_LITERAL;

class Reader {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  next(): Token | undefined {
    const token = this.tokens[this.pos];
    this.pos += 1;
    return token;
  }
  get done(): boolean {
    return this.pos >= this.tokens.length;
  }
  isOp(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.type === 'op' && token.value === value;
  }

  /** Skip one argument value (any tokens up to `,` or the closing bracket at depth 0). */
  skipValue(): void {
    let depth = 0;
    while (!this.done) {
      const token = this.peek();
      if (token?.type === 'op') {
        if ('([{'.includes(token.value)) depth += 1;
        else if (')]}'.includes(token.value)) {
          if (depth === 0) return;
          depth -= 1;
        } else if (token.value === ',' && depth === 0) return;
      }
      this.next();
    }
  }

  /** Parse a literal value, or consume it and return NOT_LITERAL. */
  value(): Parsed {
    const token = this.peek();
    if (token === undefined) return NOT_LITERAL;
    let result: Parsed = NOT_LITERAL;
    if (token.type === 'string') {
      let text: string | null = '';
      while (this.peek()?.type === 'string') {
        const part = this.next() as { type: 'string'; value: string | null };
        text = text === null || part.value === null ? null : text + part.value;
      }
      result = text === null ? NOT_LITERAL : text;
    } else if (token.type === 'number') {
      this.next();
      result = token.value;
    } else if (token.type === 'op' && token.value === '-' && this.peek(1)?.type === 'number') {
      this.next();
      result = -(this.next() as { type: 'number'; value: number }).value;
    } else if (token.type === 'name' && ['True', 'False', 'None'].includes(token.value)) {
      this.next();
      result = token.value === 'True' ? true : token.value === 'False' ? false : null;
    } else if (token.type === 'op' && (token.value === '(' || token.value === '[')) {
      result = this.sequence(token.value === '(' ? ')' : ']');
    }
    // Anything after the literal part (`"a" + x`, `foo.bar`, calls) makes the whole value non-literal.
    if (!this.isOp(',') && !this.isOp(')') && !this.isOp(']') && !this.done) {
      this.skipValue();
      return NOT_LITERAL;
    }
    return result;
  }

  private sequence(close: string): Parsed {
    this.next(); // opening bracket
    const items: PyLiteral[] = [];
    let literal = true;
    while (!this.done && !this.isOp(close)) {
      const item = this.value();
      if (item === NOT_LITERAL) literal = false;
      else items.push(item);
      if (this.isOp(',')) this.next();
      else if (!this.isOp(close)) {
        this.skipValue();
        literal = false;
        if (this.isOp(',')) this.next();
        else break;
      }
    }
    if (this.isOp(close)) this.next();
    return literal ? items : NOT_LITERAL;
  }

  /** Parse call arguments after `(`: keyword arguments with literal values. */
  kwargs(): PyKwargs {
    const result: PyKwargs = {};
    while (!this.done && !this.isOp(')')) {
      const name = this.peek();
      if (name?.type === 'name' && this.isOp('=', 1) && !this.isOp('=', 2)) {
        this.next();
        this.next();
        const value = this.value();
        if (value !== NOT_LITERAL) result[name.value] = value;
      } else {
        this.skipValue(); // positional arguments, *args, **kwargs
      }
      if (this.isOp(',')) this.next();
      else if (!this.isOp(')')) this.next();
    }
    if (this.isOp(')')) this.next();
    return result;
  }
}

/**
 * Keyword arguments of every `…Profile(` call in `source` (e.g. `ProviderProfile(name="x", …)` or a
 * subclass call), in file order. Class definitions (`class X(ProviderProfile):`) are not calls and are
 * skipped. Only calls that name a string `name=` are returned.
 */
export function extractProfileCalls(source: string): PyKwargs[] {
  const tokens = tokenize(source);
  const profiles: PyKwargs[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    const open = tokens[i + 1];
    const before = tokens[i - 1];
    if (token?.type !== 'name' || !token.value.endsWith('Profile') || open?.type !== 'op' || open.value !== '(') continue;
    if (before?.type === 'name' && (before.value === 'class' || before.value === 'def')) continue;
    const reader = new Reader(tokens.slice(i + 2));
    const kwargs = reader.kwargs();
    if (typeof kwargs.name === 'string' && kwargs.name.trim() !== '') profiles.push(kwargs);
  }
  return profiles;
}
