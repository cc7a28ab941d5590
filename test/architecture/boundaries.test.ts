import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.join(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function errorsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

/** The lint rules that keep the layers apart really fire (and allowed imports pass). */
describe('layer boundaries', () => {
  it.each([
    ['src/renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['src/renderer/src/x.ts', "import fs from 'fs';\nexport const a = fs;\n"],
    ['src/renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['src/renderer/src/x.ts', "import { Core } from '../../core/core';\nexport const a = Core;\n"],
    ['src/renderer/src/x.ts', 'export const a = process.env.HOME;\n'],
    ['src/shared/x.ts', "import path from 'node:path';\nexport const a = path;\n"],
    ['src/shared/x.ts', "import { useState } from 'react';\nexport const a = useState;\n"],
    ['src/shared/x.ts', "import { Core } from '../core/core';\nexport const a = Core;\n"],
    ['src/shared/x.ts', 'export const a = window.location;\n'],
    ['src/preload/x.ts', "import path from 'node:path';\nexport const a = path;\n"],
    ['src/preload/x.ts', "import { Core } from '../core/core';\nexport const a = Core;\n"],
    ['src/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/server/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/main/window/x.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
  ])('%s refuses: %s', async (file, code) => {
    expect((await errorsFor(file, code)).length).toBeGreaterThan(0);
  });

  it.each([
    ['src/renderer/src/x.ts', "import { z } from 'zod';\nimport { channels } from '../../shared/contract';\nexport const a = [z, channels];\n"],
    ['src/shared/x.ts', "import { z } from 'zod';\nimport { events } from './contract/events';\nexport const a = [z, events];\n"],
    ['src/preload/x.ts', "import { contextBridge } from 'electron';\nimport { CHANNEL_NAMES } from '../shared/contract';\nexport const a = [contextBridge, CHANNEL_NAMES];\n"],
    ['src/main/ipc/x.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
    ['src/core/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
  ])('%s allows: %s', async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });
});
