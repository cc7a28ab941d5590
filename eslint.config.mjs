import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Lint rules that keep the architecture honest:
 * - src/shared imports nothing but itself and zod: no Node, no Electron, no DOM, no React;
 * - the renderer may import only src/shared (plus UI packages): no Node, no Electron, no core;
 * - the preload may import only electron and src/shared;
 * - core, server and CLI never import Electron; only src/main/ipc may touch ipcMain.
 */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nativePackages = ['keytar', '@photostructure/sqlite', 'yaml', 'write-file-atomic'];

// Exact names (not glob patterns: a pattern 'events' would also match a local './events').
const noNodePaths = nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not available here; go through the contract (BackendClient).' }));
const noElectron = { group: ['electron', 'electron/*', '@electron/*'], message: 'Electron belongs in src/main and src/preload only.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'reports/**', 'playwright-report/**', '.scratch/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noNodePaths,
          patterns: [
            noElectron,
            { group: ['react', 'react-dom', 'react/*', '@radix-ui/*', ...nativePackages], message: 'src/shared must stay runtime-neutral.' },
            { group: ['**/core/**', '**/main/**', '**/server/**', '**/renderer/**', '**/preload/**', '**/cli/**'], message: 'src/shared imports nothing outside itself.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', 'window', 'document', '__dirname'],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/set-state-in-effect': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: noNodePaths,
          patterns: [
            noElectron,
            { group: nativePackages, message: 'Native and file-system packages stay in the core.' },
            { group: ['**/core/**', '**/main/**', '**/server/**', '**/preload/**', '**/cli/**'], message: 'The renderer reaches the core only through the contract.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname', '__filename'],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noNodePaths,
          patterns: [
            { group: ['**/core/**', '**/main/**', '**/server/**', '**/renderer/**', '**/cli/**', ...nativePackages], message: 'The preload imports only electron and src/shared.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require'],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/server/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [noElectron, { group: ['**/renderer/**', '**/preload/**', '**/main/**'], message: 'The core is pure Node; hosts depend on it, not the other way round.' }] },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/ipc/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Register IPC only in src/main/ipc (sender check + contract).' }],
          patterns: [{ group: ['**/renderer/**', '**/preload/**'], message: 'Main never imports renderer or preload code.' }],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'e2e/**/*.ts', 'test/**/*.{ts,mjs}', 'bench/**/*.ts', '**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
);
