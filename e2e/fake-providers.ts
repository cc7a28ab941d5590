import { test } from '@playwright/test';
import { startFakeProvider, type FakeProvider } from '../src/core/probes/test-support/fake-provider';

/**
 * Local fake providers for a spec file (loopback only), closed after each test. Returns the
 * starter: `const provider = await fake({ behavior: 'auth', expectedKey })`.
 */
export function useFakeProviders(): (...args: Parameters<typeof startFakeProvider>) => Promise<FakeProvider> {
  const fakes: FakeProvider[] = [];
  test.afterEach(async () => {
    await Promise.all(fakes.splice(0).map((f) => f.close()));
  });
  return async (...args) => {
    const f = await startFakeProvider(...args);
    fakes.push(f);
    return f;
  };
}
