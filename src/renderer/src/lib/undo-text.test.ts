import { describe, expect, it } from 'vitest';
import { describeUndoConflict } from './undo-text';

describe('describeUndoConflict', () => {
  it('names the later change in the way and the settings both touched', () => {
    const text = describeUndoConflict(
      { paths: ['auxiliary.compression.provider', 'auxiliary.compression.model'], blocking: [{ id: 'b2', createdAt: '2026-12-07T19:25:09.000Z', summary: 'compression: deepseek · deepseek-v4-pro → anthropic · claude-sonnet-4-6' }] },
      'refused',
    );
    expect(text).toMatch(/^Cannot be undone: A later change touched the same settings \(auxiliary\.compression\.provider, auxiliary\.compression\.model\): “compression: deepseek · deepseek-v4-pro → anthropic · claude-sonnet-4-6” \(.+\)\. Undo that one first, or restore from Backups\.$/);
  });

  it('lists several blocking changes and shortens long path lists', () => {
    const text = describeUndoConflict(
      {
        paths: ['a', 'b', 'c', 'd', 'e'],
        blocking: [
          { id: '1', createdAt: 'not a date', summary: 'first' },
          { id: '2', createdAt: '2026-12-07T19:25:09.000Z', summary: 'second' },
        ],
      },
      'refused',
    );
    expect(text).toContain('2 later changes touched the same settings (a, b, c, d, …): “first” (not a date); “second”');
    expect(text).toContain('Undo those first');
  });

  it("falls back to the server's message without a usable detail", () => {
    expect(describeUndoConflict(undefined, 'A later change is in the way.')).toBe('Cannot be undone: A later change is in the way.');
    expect(describeUndoConflict({ paths: [], blocking: [] }, 'x')).toBe('Cannot be undone: x');
  });
});
