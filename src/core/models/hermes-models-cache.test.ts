/**
 * When a home has Hermes's own models.dev cache, the picker's context windows, capabilities and
 * prices come from it (what Hermes itself knows); otherwise from the bundled snapshot. The price
 * says where it came from.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/temp-home';
import type { ModelOptions } from '../../shared/contract/models';
import { Core } from '../core';
import { createLogger } from '../log/logger';

const tempDir = useTempDir('sb-models-cache-');
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

async function options(home: string): Promise<ModelOptions> {
  const core = await Core.create({ env: {}, platform: 'linux', homedir: tempDir(), dataDir: tempDir(), host: 'browser', version: 't', homeOverride: home, logger: createLogger({ write: () => undefined }) });
  cores.push(core);
  const r = await core.dispatch('models.options', { include_unconfigured: true });
  if (!r.ok) throw new Error(r.error.message);
  return r.data as ModelOptions;
}

const sonnet = (o: ModelOptions) => o.providers.find((p) => p.slug === 'anthropic')?.model_details.find((m) => m.id === 'claude-sonnet-5');

describe("Hermes's models.dev cache", () => {
  it('is preferred over the bundled snapshot, and the price is labelled by its source', async () => {
    const home = tempDir();
    writeFileSync(path.join(home, 'config.yaml'), 'model:\n  provider: anthropic\n  default: claude-sonnet-5\n');
    const bundled = sonnet(await options(home));
    expect(bundled?.pricingSource).toBe('snapshot');

    writeFileSync(
      path.join(home, 'models_dev_cache.json'),
      JSON.stringify({
        anthropic: {
          id: 'anthropic',
          name: 'Anthropic',
          models: {
            'claude-sonnet-5': { id: 'claude-sonnet-5', name: 'Claude Sonnet 5', tool_call: true, reasoning: true, limit: { context: 777000, output: 64000 }, cost: { input: 3.21, output: 16.5 } },
          },
        },
      }),
    );
    const fromCache = sonnet(await options(home));
    expect(fromCache).toMatchObject({ contextWindow: 777000, pricing: { input: 3.21, output: 16.5 }, pricingSource: 'hermes-cache' });

    // A damaged cache is skipped, not fatal.
    writeFileSync(path.join(home, 'models_dev_cache.json'), '{not json');
    expect(sonnet(await options(home))?.pricingSource).toBe('snapshot');
  });
});
