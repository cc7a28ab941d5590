import { useEffect, useState } from 'react';

export type PageId = 'models' | 'fallback' | 'routing' | 'inspector' | 'keys' | 'health' | 'endpoints' | 'backups' | 'settings';

export interface PageDef {
  id: PageId;
  label: string;
  icon: string;
}

/** Sidebar order; Ctrl/⌘ + number jumps to a page. */
export const PAGES: PageDef[] = [
  { id: 'models', label: 'Models', icon: '◎' },
  { id: 'fallback', label: 'Fallback', icon: '⤓' },
  { id: 'routing', label: 'Routing', icon: '⇉' },
  { id: 'inspector', label: 'Effective config', icon: '☰' },
  { id: 'keys', label: 'Keys', icon: '⚷' },
  { id: 'health', label: 'Health', icon: '♥' },
  { id: 'endpoints', label: 'Endpoints', icon: '⇄' },
  { id: 'backups', label: 'Backups', icon: '⟲' },
  { id: 'settings', label: 'Settings', icon: '⚙' },
];

function fromHash(): PageId {
  const id = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (PAGES.find((p) => p.id === id)?.id ?? 'models') as PageId;
}

/** Tiny hash router: pages are addressable (#/backups) and survive reloads. */
export function useRoute(): [PageId, (id: PageId) => void] {
  const [page, setPage] = useState<PageId>(fromHash);
  useEffect(() => {
    const on = () => setPage(fromHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return [page, (id) => (window.location.hash = `#/${id}`)];
}
