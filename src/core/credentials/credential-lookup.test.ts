import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import { createCredentialLookup, envLayer, homeCredentialLookup, mapLayer, type CredentialLayer } from './credential-lookup';

const tempDir = useTempDir('sb-creds-');

describe('credential lookup', () => {
  it('reads <home>/.env over the process environment, in the priority order asked for', async () => {
    const home = tempDir();
    writeFileSync(path.join(home, '.env'), 'ANTHROPIC_TOKEN=from-dotenv-1234\nDEEPSEEK_BASE_URL=http://local:1/v1\n');
    const { lookup, dotenv } = await homeCredentialLookup(home, { ANTHROPIC_API_KEY: 'from-env-5678', ANTHROPIC_TOKEN: 'env-token-0000', DEEPSEEK_BASE_URL: 'http://env/v1' });
    expect(dotenv.get('ANTHROPIC_TOKEN')).toBe('from-dotenv-1234');
    expect(await lookup.resolve(['ANTHROPIC_API_KEY', 'ANTHROPIC_TOKEN'])).toEqual({ name: 'ANTHROPIC_API_KEY', source: 'env', value: 'from-env-5678' });
    expect(await lookup.resolve(['ANTHROPIC_TOKEN'])).toEqual({ name: 'ANTHROPIC_TOKEN', source: 'dotenv', value: 'from-dotenv-1234' });
    expect(lookup.setting('DEEPSEEK_BASE_URL')).toBe('http://local:1/v1');
    expect(await lookup.resolve(['NOPE'])).toBeNull();
  });

  it('an unusable value in a higher layer shadows the lower ones (like .env shadows the shell in Hermes)', async () => {
    const lookup = createCredentialLookup([mapLayer('dotenv', new Map([['OPENAI_API_KEY', 'changeme']])), envLayer({ OPENAI_API_KEY: 'sk-real-value-123' })]);
    expect(await lookup.resolve(['OPENAI_API_KEY'])).toBeNull();
    expect(lookup.hasUsable('OPENAI_API_KEY')).toBe(false);
    // An empty environment value counts as unset.
    const empty = createCredentialLookup([envLayer({ XAI_API_KEY: '' })]);
    expect(empty.hasUsable('XAI_API_KEY')).toBe(false);
  });

  it('takes extra layers such as a keychain: async values, sync presence, never used for settings', async () => {
    const keychain: CredentialLayer = {
      kind: 'keychain',
      has: (name) => name === 'GEMINI_API_KEY' || name === 'GEMINI_BASE_URL',
      get: async (name) => (name === 'GEMINI_API_KEY' ? 'AIza-from-keychain-1' : 'http://should-not-be-used'),
    };
    const home = tempDir();
    const { lookup } = await homeCredentialLookup(home, {}, [keychain]);
    expect(lookup.keychainHas('GEMINI_API_KEY')).toBe(true);
    expect(lookup.keychainHas('OTHER')).toBe(false);
    expect(lookup.hasUsable('GEMINI_API_KEY')).toBe(true);
    expect(await lookup.resolve(['GOOGLE_API_KEY', 'GEMINI_API_KEY'])).toEqual({ name: 'GEMINI_API_KEY', source: 'keychain', value: 'AIza-from-keychain-1' });
    expect(lookup.setting('GEMINI_BASE_URL')).toBeUndefined();
  });
});
