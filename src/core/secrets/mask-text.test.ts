import { describe, expect, it } from 'vitest';
import { containsPlaceholderFragment, isSecretKey, maskEnvForDisplay, maskYamlForDisplay, maskYamlForEdit, unmaskYaml } from './mask-text';
import { redact } from '../log/redact';

const KEY = 'sk-or-v1-0123456789abcdef0123456789abcdef';
const YAML = `model:
  provider: custom
  api_key: ${KEY}   # inline, sadly
  api_mode: chat_completions
  key_env: WORK_KEY
providers:
  work:
    api: https://llm.example.com/v1
    api_key: '\${WORK_KEY}'
    token: "hunter2-hunter2-hunter2"
    password: ''
`;

describe('masking secrets in text', () => {
  it('knows which keys hold secrets', () => {
    for (const k of ['api_key', 'apiKey', 'OPENAI_API_KEY', 'token', 'access_token', 'client_secret', 'password', 'api']) expect(isSecretKey(k), k).toBe(true);
    for (const k of ['key_env', 'api_key_env', 'api_mode', 'api_base', 'base_url', 'max_tokens', 'token_file']) expect(isSecretKey(k), k).toBe(false);
  });

  it('masks values for display, keeping only the last four characters and the rest of the line', () => {
    const out = maskYamlForDisplay(YAML);
    expect(out).not.toContain('0123456789abcdef0123');
    expect(out).not.toContain('hunter2');
    expect(out).toContain("api_key: '••••cdef'   # inline, sadly");
    expect(out).toContain("token: '••••nter2'".replace('nter2', 'ter2'));
    // Names, modes, URLs and ${VAR} references are not secrets.
    expect(out).toContain('key_env: WORK_KEY');
    expect(out).toContain('api: https://llm.example.com/v1');
    expect(out).toContain("api_key: '${WORK_KEY}'");
    expect(out).toContain("password: ''");
    expect(out.split('\n')).toHaveLength(YAML.split('\n').length);
  });

  it('masks for editing with placeholders that restore the exact original tokens', () => {
    const masked = maskYamlForEdit(YAML);
    expect(masked.secrets.size).toBe(2);
    expect(masked.text).not.toContain(KEY);
    expect(unmaskYaml(masked.text, masked.secrets)).toEqual({ text: YAML, unknown: [] });
    const forged = masked.text.replace('__switchboard_masked_secret_1__', '__switchboard_masked_secret_9__');
    expect(unmaskYaml(forged, masked.secrets).unknown).toEqual(['__switchboard_masked_secret_9__']);
    expect(containsPlaceholderFragment(masked.text.replace('secret_1__', 'secret_1_'))).toBe(true);
  });

  it('masks every .env value and keeps CRLF', () => {
    const env = `# keys\r\nOPENROUTER_API_KEY=${KEY}\r\nexport EMPTY=\r\nWITH_SPACES="a b c d e f g h i j k l"\r\n`;
    const out = maskEnvForDisplay(env);
    expect(out).not.toContain(KEY);
    expect(out).toContain('OPENROUTER_API_KEY=••••cdef\r\n');
    expect(out).toContain('export EMPTY=\r\n');
    expect(out).not.toContain('a b c d');
  });
});

describe('log redaction', () => {
  it('removes provider keys, auth headers and key query parameters, keeping the last four', () => {
    const line = redact(`GET https://x.example/v1/models?key=AIzaSyD-abcdefghijklmnop12 Authorization: Bearer ${KEY} x-api-key: sk-ant-api03-zzzzzzzzzzzzzzzz9999`);
    expect(line).not.toContain('0123456789abcdef0123');
    expect(line).not.toContain('zzzzzzzzzzzz');
    expect(line).not.toContain('abcdefghijklmnop');
    expect(line).toContain('…cdef]');
    // A sha256 digest is an identity, not a secret.
    const digest = 'a'.repeat(64);
    expect(redact(`hash ${digest}`)).toContain(digest);
  });
});
