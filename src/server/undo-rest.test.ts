import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestHost } from '../../test/helpers/test-host';
import { parseYamlText } from '../core/config/yaml-parse';

/** `POST /api/backups/{id}/undo` and the issue-9 write sequences over the browser host's REST API. */
const host = useTestHost('sb-undo-rest-', 'undo-rest-token-0123456789');

function value(home: string): Record<string, Record<string, unknown>> {
  const parsed = parseYamlText(readFileSync(path.join(home, 'config.yaml'), 'utf8'));
  if (!parsed.ok) throw new Error('config does not parse');
  return parsed.parsed.value as Record<string, Record<string, unknown>>;
}

describe('REST: undo one change', () => {
  it('POST /api/backups/{id}/undo reverts that change only; a conflict is 409 UNDO_CONFLICT with the later change', async () => {
    const { api, home } = await host();
    const main = await api('POST', '/api/model/set', { scope: 'main', provider: 'anthropic', model: 'claude-opus-4-8', confirm_expensive_model: true });
    expect(main.status).toBe(200);
    const task = await api('POST', '/api/model/set', { scope: 'auxiliary', task: 'vision', provider: 'nous', model: 'google/gemini-3.5-flash' });
    expect(task.status).toBe(200);

    const undo = await api('POST', `/api/backups/${String(main.json.backupId)}/undo`, {});
    expect(undo.status).toBe(200);
    expect(undo.json).toMatchObject({ file: 'config', changed: true, summary: expect.stringMatching(/^undid “main: /) });
    expect(value(home).model).toMatchObject({ provider: 'openrouter', default: 'anthropic/claude-sonnet-5' });
    expect(value(home).auxiliary!.vision).toMatchObject({ provider: 'nous', model: 'google/gemini-3.5-flash' });

    const again = await api('POST', '/api/model/set', { scope: 'auxiliary', task: 'vision', provider: 'anthropic', model: 'claude-haiku-4-5' });
    const conflict = await api('POST', `/api/backups/${String(task.json.backupId)}/undo`, {});
    expect(conflict.status).toBe(409);
    expect(conflict.json).toMatchObject({ code: 'UNDO_CONFLICT', detail: expect.stringMatching(/^Cannot undo “vision: openrouter · google\/gemini-3\.5-flash → nous · google\/gemini-3\.5-flash”: the later change “vision: nous · google\/gemini-3\.5-flash → anthropic · claude-haiku-4-5”/) });
    expect(again.status).toBe(200);
    const detail = (conflict.json.error as { detail: { paths: string[]; blocking: { id: string }[] } }).detail;
    expect(detail).toMatchObject({ paths: ['auxiliary.vision.provider'], blocking: [{ id: again.json.backupId }] });

    const gone = await api('POST', '/api/backups/20200101T000000.000Z-config-set-main/undo', {});
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ code: 'UNDO_UNAVAILABLE' });
  });

  it('issue 9 item 1: two main-model writes in a row on a comments-only config.yaml both succeed on one running host', async () => {
    const { api, home } = await host({ config: '# my Hermes config\n# nothing set yet\n' });
    const first = await api('POST', '/api/model/set', { scope: 'main', provider: 'anthropic', model: 'claude-opus-4-8', confirm_expensive_model: true });
    expect(first.status).toBe(200);
    const second = await api('POST', '/api/model/set', { scope: 'main', provider: 'custom', model: 'qwen3-coder:30b', base_url: 'http://localhost:11434/v1', api_key: 'sk-local-1234' });
    expect(second.status).toBe(200);
    const text = readFileSync(path.join(home, 'config.yaml'), 'utf8');
    expect(text.startsWith('# my Hermes config\n# nothing set yet\n')).toBe(true);
    expect(value(home).model).toEqual({ provider: 'custom', default: 'qwen3-coder:30b', base_url: 'http://localhost:11434/v1', api_key: 'sk-local-1234' });
    expect(second.json).not.toHaveProperty('api_key');
  });
});
