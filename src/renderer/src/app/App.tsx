import { useEffect } from 'react';
import { BackupsPage } from '../features/backups/BackupsPage';
import { EndpointsPage } from '../features/endpoints/EndpointsPage';
import { FallbackPage } from '../features/fallback/FallbackPage';
import { HealthPage } from '../features/health/HealthPage';
import { InspectorPage } from '../features/inspector/InspectorPage';
import { KeysPage } from '../features/keys/KeysPage';
import { ConfigStatusBanners } from '../features/config/ConfigStatusBanners';
import { FirstRun } from '../features/home/FirstRun';
import { HomeBar } from '../features/home/HomeBar';
import { ModelsPage } from '../features/models/ModelsPage';
import { RoutingPage } from '../features/routing/RoutingPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { ErrorNotice, Loading } from '../components/ui/Feedback';
import { useBackend, useResource } from '../lib/hooks';
import { applyTheme } from '../lib/theme';
import { ToastTray } from '../lib/toasts';
import { UndoProvider } from '../lib/undo';
import { ConfigProvider } from './config-context';
import { PAGES, useRoute, type PageId } from './routes';

export function App() {
  const home = useResource('home.get', {}, { refreshOn: ['home.changed'] });
  const settings = useResource('settings.get');
  const theme = settings.data?.theme ?? 'system';
  useEffect(() => applyTheme(theme), [theme]);

  if (!home.data) {
    return home.error ? (
      <div className="first-run">
        <ErrorNotice error={home.error} title="Could not start" actions={<button className="btn" onClick={() => void home.reload()}>Try again</button>} />
      </div>
    ) : (
      <Loading label="Starting…" />
    );
  }
  if (!home.data.found) return <FirstRun home={home.data} onDone={() => void home.reload()} />;
  return (
    <ConfigProvider key={home.data.dir}>
      <UndoProvider>
        <Shell home={home.data} onHomeChange={() => void home.reload()} />
      </UndoProvider>
    </ConfigProvider>
  );
}

function Shell({ home, onHomeChange }: { home: NonNullable<ReturnType<typeof useResource<'home.get'>>['data']>; onHomeChange: () => void }) {
  const [page, go] = useRoute();
  const client = useBackend();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const n = Number(e.key);
      const target = PAGES[n - 1];
      if (target) {
        e.preventDefault();
        go(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  return (
    <div className="app">
      <aside className="sidebar" aria-label="Sections">
        <div className="brand">
          <img src="./icon.svg" alt="" />
          <span>
            Hermes Switchboard
            <small>{client.kind === 'ipc' ? 'desktop' : 'browser host'}</small>
          </span>
        </div>
        <nav className="nav">
          {PAGES.map((p, i) => (
            <a key={p.id} href={`#/${p.id}`} className="nav-item" aria-current={page === p.id ? 'page' : undefined} data-testid={`nav-${p.id}`}>
              <span aria-hidden="true">{p.icon}</span>
              <span className="nav-label">{p.label}</span>
              <span className="kbd" aria-hidden="true">
                {i + 1}
              </span>
            </a>
          ))}
        </nav>
      </aside>
      <div className="main">
        <HomeBar home={home} onChanged={onHomeChange} />
        <div className="content">
          <div className="page">
            <ConfigStatusBanners />
            <PageView page={page} />
          </div>
        </div>
        <ToastTray />
      </div>
    </div>
  );
}

function PageView({ page }: { page: PageId }) {
  switch (page) {
    case 'fallback':
      return <FallbackPage />;
    case 'routing':
      return <RoutingPage />;
    case 'keys':
      return <KeysPage />;
    case 'health':
      return <HealthPage />;
    case 'endpoints':
      return <EndpointsPage />;
    case 'inspector':
      return <InspectorPage />;
    case 'backups':
      return <BackupsPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return <ModelsPage />;
  }
}
