import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.join(__dirname, '..');

/** The installed Electron binary, or a clear error saying how to get it. */
export function electronPath(): string {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  const bin = existsSync(pathFile) ? path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8')) : '';
  if (!bin || !existsSync(bin)) throw new Error('The Electron binary is not installed: run `npm start` once where GitHub is reachable.');
  return bin;
}
