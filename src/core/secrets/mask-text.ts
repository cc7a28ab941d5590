/**
 * Masks secret values in YAML or .env *text* (which may not even parse) before it is shown in the
 * UI, a diff, or an error payload. Line-based on purpose: it must work on broken files too.
 */

const SECRET_KEY = /(^|[_-])(api[_-]?key|apikey|token|secret|password|passwd|credentials?)$/i;

/** Keys that look secret-ish but hold names or modes, not values. */
const NOT_SECRET = /(_env|_mode|_base|_url|_path|_file|_count|_tokens?_?\w*limit|max_tokens|_type|_source)$/i;

export function isSecretKey(key: string): boolean {
  if (NOT_SECRET.test(key)) return false;
  return SECRET_KEY.test(key) || key === 'api';
}

/** Last four characters for recognition, never more; short values show nothing. */
export function lastFour(value: string): string {
  return value.length >= 12 ? value.slice(-4) : '';
}

export function maskedLabel(value: string): string {
  const tail = lastFour(value);
  return tail ? `••••${tail}` : '••••';
}

const YAML_LINE = /^(\s*(?:-\s+)?)(["']?)([A-Za-z0-9_.-]+)\2(\s*:[ \t]+)(.*?)(\s+#.*)?(\r?)$/;

function isPlaceholderValue(raw: string): boolean {
  const v = raw.trim();
  return v === '' || v === "''" || v === '""' || v === '~' || v === 'null' || /^['"]?\$\{[^}]*\}['"]?$/.test(v) || v === '{}' || v === '[]';
}

function unquote(raw: string): string {
  const v = raw.trim();
  if ((v.startsWith("'") && v.endsWith("'")) || (v.startsWith('"') && v.endsWith('"'))) return v.slice(1, -1);
  return v;
}

interface SecretLine {
  lead: string;
  quote: string;
  key: string;
  sep: string;
  value: string;
  comment: string;
  cr: string;
}

/** The parts of a `key: value` line whose value is a secret worth masking, or null. */
function secretLine(line: string): SecretLine | null {
  const m = YAML_LINE.exec(line);
  if (!m) return null;
  const [, lead = '', quote = '', key = '', sep = '', value = '', comment = '', cr = ''] = m;
  if (!isSecretKey(key) || isPlaceholderValue(value)) return null;
  if (key === 'api' && /^['"]?https?:/i.test(value.trim())) return null;
  return { lead, quote, key, sep, value, comment, cr };
}

function rebuild(s: SecretLine, replacement: string): string {
  return `${s.lead}${s.quote}${s.key}${s.quote}${s.sep}${replacement}${s.comment}${s.cr}`;
}

/** YAML text with secret values replaced by a non-reversible `••••1234` label. */
export function maskYamlForDisplay(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const s = secretLine(line);
      return s ? rebuild(s, `'${maskedLabel(unquote(s.value))}'`) : line;
    })
    .join('\n');
}

/** .env text with every value masked (all of them may be secrets). */
export function maskEnvForDisplay(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const m = /^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*)(.*?)(\r?)$/.exec(line);
      if (!m || m[2]!.trim() === '') return line;
      return `${m[1]}${maskedLabel(unquote(m[2]!))}${m[3]}`;
    })
    .join('\n');
}

export interface MaskedForEdit {
  text: string;
  /** placeholder → original value token (with its quotes), kept in the core only. */
  secrets: Map<string, string>;
}

const PLACEHOLDER = (n: number) => `__switchboard_masked_secret_${n}__`;
const PLACEHOLDER_RE = /__switchboard_masked_secret_\d+__/g;

/** Masks secrets with unique placeholders so an edited text can get the real values back. */
export function maskYamlForEdit(text: string): MaskedForEdit {
  const secrets = new Map<string, string>();
  const out = text
    .split('\n')
    .map((line) => {
      const s = secretLine(line);
      if (!s) return line;
      const ph = PLACEHOLDER(secrets.size + 1);
      secrets.set(ph, s.value);
      return rebuild(s, ph);
    })
    .join('\n');
  return { text: out, secrets };
}

/** Puts the real values back; unknown or mangled placeholders are reported, not guessed. */
export function unmaskYaml(text: string, secrets: Map<string, string>): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const out = text.replace(PLACEHOLDER_RE, (ph) => {
    const original = secrets.get(ph);
    if (original === undefined) {
      unknown.push(ph);
      return ph;
    }
    return original;
  });
  return { text: out, unknown };
}

export function containsPlaceholderFragment(text: string): boolean {
  return /__switchboard_masked_secret/.test(text.replace(PLACEHOLDER_RE, ''));
}
