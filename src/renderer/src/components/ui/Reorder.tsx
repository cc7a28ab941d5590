import { useCallback, useState, type DragEvent, type KeyboardEvent } from 'react';

/**
 * Reordering a list by drag and by keyboard, with the new position announced to screen readers.
 *
 * Keyboard: Alt+↑ / Alt+↓ anywhere in a row moves it one place (Alt+Home / Alt+End: to the top or
 * the bottom); on the drag handle plain ↑ / ↓ work too. Focus stays on the moved row's handle.
 * Mouse: drag a row by its handle and drop it on another row.
 */
export function useReorder(options: { count: number; onMove: (from: number, to: number) => void; describe: (index: number) => string; disabled?: boolean }) {
  const { count, onMove, describe, disabled = false } = options;
  /** The list element (kept in state, set by `setListElement`): focus follows moved rows inside it. */
  const [container, setListElement] = useState<HTMLElement | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);

  const move = useCallback(
    (from: number, to: number) => {
      const target = Math.max(0, Math.min(count - 1, to));
      if (disabled || target === from) return;
      const label = describe(from);
      onMove(from, target);
      setAnnouncement(`${label} moved to position ${target + 1} of ${count}.`);
      // Keep focus on the moved row: its handle now sits at the target index.
      requestAnimationFrame(() => container?.querySelector<HTMLElement>(`[data-reorder-handle="${target}"]`)?.focus());
    },
    [container, count, describe, disabled, onMove],
  );

  const keyMove = (index: number, e: KeyboardEvent, plainArrows: boolean): boolean => {
    if (e.ctrlKey || e.metaKey || e.shiftKey) return false;
    if (!e.altKey && !plainArrows) return false;
    // Alt+↓ opens a select in some browsers: leave selects alone (the handle still works).
    if (!plainArrows && (e.target as HTMLElement).tagName === 'SELECT') return false;
    let to: number | null = null;
    if (e.key === 'ArrowUp') to = index - 1;
    else if (e.key === 'ArrowDown') to = index + 1;
    else if (e.altKey && e.key === 'Home') to = 0;
    else if (e.altKey && e.key === 'End') to = count - 1;
    if (to === null) return false;
    e.preventDefault();
    e.stopPropagation();
    move(index, to);
    return true;
  };

  const handleProps = (index: number) => ({
    'data-reorder-handle': index,
    draggable: !disabled,
    'aria-label': `Move ${describe(index)} (position ${index + 1} of ${count}; Alt+↑ or Alt+↓)`,
    'aria-disabled': disabled || undefined,
    onKeyDown: (e: KeyboardEvent) => void keyMove(index, e, true),
    onDragStart: (e: DragEvent) => {
      if (disabled) return;
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', String(index));
      setDragFrom(index);
    },
    onDragEnd: () => {
      setDragFrom(null);
      setDropAt(null);
    },
  });

  const rowProps = (index: number) => ({
    onKeyDown: (e: KeyboardEvent) => void keyMove(index, e, false),
    onDragOver: (e: DragEvent) => {
      if (dragFrom === null) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      if (dropAt !== index) setDropAt(index);
    },
    onDrop: (e: DragEvent) => {
      if (dragFrom === null) return;
      e.preventDefault();
      move(dragFrom, index);
      setDragFrom(null);
      setDropAt(null);
    },
    'data-dragging': dragFrom === index || undefined,
    'data-drop': dropAt === index && dragFrom !== null && dragFrom !== index ? (dragFrom < index ? 'after' : 'before') : undefined,
  });

  const liveRegion = (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="reorder-announcement">
      {announcement}
    </div>
  );

  return { setListElement, handleProps, rowProps, liveRegion, announcement, move };
}

/** The grip a row is dragged by (a real button, so it is reachable by keyboard). */
export function ReorderHandle(props: ReturnType<ReturnType<typeof useReorder>['handleProps']> & { testId?: string }) {
  const { testId, ...rest } = props;
  return (
    <button type="button" className="reorder-handle" data-testid={testId} {...rest}>
      <span aria-hidden="true">⋮⋮</span>
    </button>
  );
}
