/**
 * Redaction applied in the log sink (and to any text that might carry a provider's echo of a key).
 * Keeps the last four characters so two log lines about the same key can be matched.
 */
const PATTERNS: RegExp[] = [
  /\b(sk-(?:ant-|or-v1-|proj-)?[A-Za-z0-9_-]{8,})/g,
  /\b((?:ghp|gho|ghu|ghs|github_pat|hf|xai|gsk|AIza)[A-Za-z0-9_-]{12,})/g,
  /((?:authorization|x-api-key|x-goog-api-key|api[_-]?key|token|secret|password)["']?\s*[:=]\s*["']?(?:Bearer\s+)?)((?!\[REDACTED)[^\s"',;&]{6,})/gi,
  /([?&](?:key|api_key|token|access_token)=)((?!\[REDACTED)[^&\s]+)/gi,
  /\b([A-Za-z0-9+/_-]{40,})\b/g,
];

function tail(secret: string): string {
  return secret.length >= 12 ? `[REDACTED…${secret.slice(-4)}]` : '[REDACTED]';
}

export function redact(text: string): string {
  let out = text;
  out = out.replace(PATTERNS[0]!, (m) => tail(m));
  out = out.replace(PATTERNS[1]!, (m) => tail(m));
  out = out.replace(PATTERNS[2]!, (_m, lead: string, secret: string) => `${lead}${tail(secret)}`);
  out = out.replace(PATTERNS[3]!, (_m, lead: string, secret: string) => `${lead}${tail(secret)}`);
  out = out.replace(PATTERNS[4]!, (m) => (/^[0-9a-f]{64}$/.test(m) ? m : tail(m)));
  return out;
}
