/**
 * Keys, health probes, custom endpoints and the effective-config inspector, end to end in the browser
 * host (with the real Secret Service of scripts/with-keyring.sh and local fake providers).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { useFakeProviders } from './fake-providers';
import { expect, tempHome, test } from './fixtures';

const SCREENS = 'test-results/screens';
const DS_KEY = 'sk-deepseek-e2e-value-0123456789';
const fake = useFakeProviders();

test('add a key, watch its source change, probe, read classes and hints', async ({ page, hosts }) => {
  const deepseek = await fake({ behavior: 'auth', expectedKey: DS_KEY });
  const anthropic = await fake({ host: '127.0.0.21', behavior: '402' });
  const zai = await fake({ host: '127.0.0.22', behavior: 'html' });
  const home = tempHome();
  writeFileSync(path.join(home, 'config.yaml'), 'model:\n  provider: deepseek\n  default: test-model-large\nauxiliary:\n  compression:\n    provider: deepseek\n    model: test-model-small\n');
  const host = await hosts({
    home,
    env: {
      DEEPSEEK_BASE_URL: `${deepseek.url}/v1`,
      ANTHROPIC_BASE_URL: anthropic.url,
      ANTHROPIC_API_KEY: 'sk-ant-e2e-process-env-value-1111',
      GLM_BASE_URL: `${zai.url}/api/paas/v4`,
      GLM_API_KEY: 'glm-e2e-process-env-value-2222',
    },
  });
  await page.goto(`${host.url}#/keys`);
  await expect(page.getByTestId('keychain-status')).toHaveAttribute('data-status', 'secure');
  const row = page.getByTestId('key-row-DEEPSEEK_API_KEY');
  await expect(row.getByTestId('key-effective')).toHaveAttribute('data-kind', 'none');

  // Keychain only: the key is in the keychain, Hermes gets it through exec.
  await row.getByTestId('set-DEEPSEEK_API_KEY').click();
  await page.getByTestId('key-value').fill(`  ${DS_KEY}\n`);
  await expect(page.getByTestId('store-keychain')).toBeChecked();
  await page.getByTestId('save-key').click();
  await expect(row.getByTestId('key-effective')).toHaveAttribute('data-kind', 'keychain');
  await expect(row.getByTestId('key-effective')).toContainText('••••6789');
  await expect(row.getByTestId('key-effective')).toContainText('via exec');
  await expect(row.getByTestId(`delivery-DEEPSEEK_API_KEY`)).toHaveValue('keychain-only');

  // Delivery "write to .env": now Hermes reads it from .env directly.
  await row.getByTestId('delivery-DEEPSEEK_API_KEY').selectOption('env');
  await expect(row.getByTestId('key-effective')).toHaveAttribute('data-kind', 'dotenv');
  const envFile = path.join(home, '.env');
  expect(readFileSync(envFile, 'utf8')).toBe(`DEEPSEEK_API_KEY=${DS_KEY}\n`);
  expect(statSync(envFile).mode & 0o777).toBe(0o600);
  await expect(row.getByTestId('key-source')).toHaveCount(2);
  // The process environment shows as a source too, for the Anthropic key.
  await expect(page.getByTestId('key-row-ANTHROPIC_API_KEY').getByTestId('key-effective')).toHaveAttribute('data-kind', 'env');
  await page.screenshot({ path: `${SCREENS}/keys.png`, fullPage: true });
  // Nothing the page loaded contains the value.
  expect(await page.content()).not.toContain(DS_KEY);

  // Health: run all, results stream in with classes and hints.
  await page.getByTestId('nav-health').click();
  await page.getByTestId('probe-run-all').click();
  await expect(page.getByTestId('probe-row-provider:deepseek').getByTestId('probe-class')).toHaveAttribute('data-class', 'ok');
  await expect(page.getByTestId('probe-row-slot:main').getByTestId('probe-class')).toHaveAttribute('data-class', 'ok');
  await expect(page.getByTestId('probe-row-provider:anthropic').getByTestId('probe-class')).toHaveAttribute('data-class', 'quota_exhausted');
  await expect(page.getByTestId('probe-hint-provider:anthropic')).toContainText('out of credits');
  await expect(page.getByTestId('probe-row-provider:zai').getByTestId('probe-class')).toHaveAttribute('data-class', 'wrong_base_url');
  await expect(page.getByTestId('probe-hint-provider:zai')).toContainText('not the API endpoint');
  // The compression slot's model is listed but its window is under 64K.
  await expect(page.getByTestId('probe-row-slot:aux:compression')).toContainText('< 64K');
  await expect(page.getByTestId('probe-summary')).toContainText('ok');
  await page.screenshot({ path: `${SCREENS}/health.png`, fullPage: true });
  expect(deepseek.requests.some((r) => r.headers.authorization === `Bearer ${DS_KEY}`)).toBe(true);

  // The inspector shows where the main model's key comes from, and the last probe.
  await page.getByTestId('nav-inspector').click();
  const main = page.getByTestId('slot-main');
  await expect(main.getByTestId('slot-provider')).toContainText('deepseek');
  await expect(main.getByTestId('slot-key')).toContainText('••••6789');
  await expect(main.getByTestId('probe-class')).toHaveAttribute('data-class', 'ok');
  await expect(page.getByTestId('slot-aux:compression').locator('[data-code="context_too_small"]')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/inspector.png`, fullPage: true });
});

test('add a custom endpoint, test it, and use it as the main model', async ({ page, hosts }) => {
  const EP_KEY = 'ep-e2e-endpoint-key-abcdef123456';
  const server = await fake({ behavior: 'auth', expectedKey: EP_KEY });
  const home = tempHome();
  const config = path.join(home, 'config.yaml');
  writeFileSync(config, '# my Hermes config\nmodel:\n  provider: openrouter\n  default: anthropic/claude-sonnet-5\n');
  const host = await hosts({ home });
  await page.goto(`${host.url}#/endpoints`);
  await page.getByTestId('add-endpoint').click();
  await page.getByTestId('ep-name').fill('Lab Gateway');
  await page.getByTestId('ep-url').fill(server.url);
  await expect(page.getByTestId('ep-url-check')).toContainText('usually end in /v1');
  await page.getByTestId('ep-url').fill(`${server.url}/v1`);
  await expect(page.getByTestId('ep-url-check')).not.toContainText('usually end in /v1');
  await page.getByTestId('ep-model').fill('test-model-large');
  await page.getByTestId('ep-key').fill(EP_KEY);
  await expect(page.getByTestId('store-keychain')).toBeChecked();
  await page.waitForTimeout(300); // let the dialog finish its entrance
  await page.screenshot({ path: `${SCREENS}/endpoint-form.png` });
  await page.getByTestId('save-endpoint').click();

  const card = page.getByTestId('endpoint-lab-gateway');
  await expect(card.getByTestId('endpoint-selector')).toHaveText('lab-gateway');
  const text = readFileSync(config, 'utf8');
  expect(text).toContain('# my Hermes config');
  expect(text).toContain(`providers:\n  lab-gateway:\n    name: Lab Gateway\n    base_url: ${server.url}/v1\n    key_env: LAB_GATEWAY_API_KEY\n    model: test-model-large\n`);
  expect(text).not.toContain(EP_KEY);

  await card.getByTestId('test-lab-gateway').click();
  await expect(card.getByTestId('endpoint-last-test').getByTestId('probe-class')).toHaveAttribute('data-class', 'ok');
  await expect(card.getByTestId('context-check')).toHaveAttribute('data-ok', 'true');
  await expect(card.getByTestId('live-models')).toContainText('test-model-small');
  await page.screenshot({ path: `${SCREENS}/endpoints.png`, fullPage: true });

  // Select it as the main model from its card: Hermes's write semantics, a backup, the file on disk.
  await card.getByTestId('use-as-lab-gateway').click();
  await expect(page.getByTestId('use-as-menu')).toContainText('lab-gateway · test-model-large');
  await page.getByTestId('use-as-main').click();
  await expect.poll(() => readFileSync(config, 'utf8')).toContain('model:\n  provider: lab-gateway\n  default: test-model-large\n');
  expect(readFileSync(config, 'utf8')).toContain('# my Hermes config');
  await card.getByTestId('use-as-lab-gateway').click();
  await expect(page.getByTestId('use-as-main')).toContainText('✓');
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-inspector').click();
  const main = page.getByTestId('slot-main');
  await expect(main.getByTestId('slot-provider')).toContainText('lab-gateway');
  await expect(main.getByTestId('slot-key')).toContainText('••••3456');
  await expect(main.getByTestId('slot-key')).toContainText('via exec');
  // Side tasks left on auto get the drift warning: Hermes's auto chain can lose a custom endpoint.
  await expect(page.getByTestId('slot-aux:vision').locator('[data-code="auto_custom_inherit"]')).toBeVisible();
  await page.getByTestId('inspector-probe').click();
  await expect(main.getByTestId('probe-class')).toHaveAttribute('data-class', 'ok');
  await page.screenshot({ path: `${SCREENS}/inspector-endpoint.png`, fullPage: true });
});

test('no keychain: the banner names the reason and the way out; .env stays an explicit choice', async ({ page, hosts }) => {
  const home = tempHome();
  writeFileSync(path.join(home, 'config.yaml'), 'model:\n  provider: openrouter\n  default: anthropic/claude-sonnet-5\n');
  const host = await hosts({ home, env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/switchboard-e2e-bus' } });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${host.url}#/keys`);
  const status = page.getByTestId('keychain-status');
  await expect(status).toHaveAttribute('data-status', 'unavailable');
  await expect(status).toHaveAttribute('data-reason', 'no_dbus');
  await expect(page.getByTestId('keychain-banner')).toContainText('dbus-run-session');
  await page.getByTestId('key-row-OPENROUTER_API_KEY').getByTestId('set-OPENROUTER_API_KEY').click();
  await expect(page.getByTestId('store-keychain')).toBeDisabled();
  await expect(page.getByTestId('store-env')).toBeChecked();
  await page.getByTestId('key-value').fill('sk-or-v1-e2e-plain-text-choice-7777');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SCREENS}/keys-no-keychain-dark.png` });
  await page.getByTestId('save-key').click();
  await expect(page.getByTestId('key-row-OPENROUTER_API_KEY').getByTestId('key-effective')).toHaveAttribute('data-kind', 'dotenv');
  expect(readFileSync(path.join(home, '.env'), 'utf8')).toBe('OPENROUTER_API_KEY=sk-or-v1-e2e-plain-text-choice-7777\n');
});

test('import from .env, then remove the plain-text copies; reveal is explicit', async ({ page, hosts }) => {
  const home = tempHome();
  writeFileSync(path.join(home, 'config.yaml'), 'model:\n  provider: openrouter\n  default: anthropic/claude-sonnet-5\n');
  writeFileSync(path.join(home, '.env'), '# keys\nOPENROUTER_API_KEY=sk-or-v1-e2e-import-value-8888\nHF_TOKEN=hf_e2e_import_token_9999\n', { mode: 0o640 });
  const host = await hosts({ home });
  await page.goto(`${host.url}#/keys`);
  await page.getByTestId('import-env').click();
  await expect(page.getByTestId('import-OPENROUTER_API_KEY')).toBeChecked();
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('import-dialog')).toContainText('Remove the plain-text copies');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SCREENS}/import.png` });
  await page.getByTestId('confirm-remove-env').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  expect(readFileSync(path.join(home, '.env'), 'utf8')).toBe('# keys\n');
  expect(statSync(path.join(home, '.env')).mode & 0o777).toBe(0o640);
  const row = page.getByTestId('key-row-OPENROUTER_API_KEY');
  await expect(row.getByTestId('key-effective')).toHaveAttribute('data-kind', 'keychain');
  const backups = await host.api('POST', '/api/rpc/backups.list', {});
  expect(JSON.stringify(backups.json)).toContain('-env-keys');

  await row.getByTestId('reveal-OPENROUTER_API_KEY').click();
  await expect(page.getByTestId('reveal-dialog')).toContainText('5 of 5 reveals left');
  await page.getByTestId('confirm-reveal').click();
  await expect(page.getByTestId('revealed-value')).toHaveText('sk-or-v1-e2e-import-value-8888');
});
