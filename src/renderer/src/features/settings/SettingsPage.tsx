import { useEffect, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { ErrorNotice, Loading } from '../../components/ui/Feedback';
import { sessionTokenFromPage } from '../../lib/backend-client';
import { useAction, useBackend, useResource } from '../../lib/hooks';
import { applyTheme } from '../../lib/theme';
import { useToast } from '../../lib/toasts';

/** App preferences and, in the browser host, how to call the API from scripts. */
export function SettingsPage() {
  const settings = useResource('settings.get');
  const info = useResource('app.info');
  const save = useAction('settings.set');
  const client = useBackend();
  const toast = useToast();
  const [retention, setRetention] = useState('10');
  useEffect(() => {
    if (settings.data) setRetention(String(settings.data.backupRetention));
  }, [settings.data]);
  const token = client.kind === 'http' ? sessionTokenFromPage() : null;
  const retentionValue = Number(retention);
  const retentionValid = Number.isInteger(retentionValue) && retentionValue >= 1 && retentionValue <= 500;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <div className="subtitle">Preferences of this app (stored in {info.data?.dataDir ?? '…'}).</div>
        </div>
      </div>
      {settings.error && <ErrorNotice error={settings.error} />}
      {!settings.data && !settings.error && <Loading />}
      {settings.data && (
        <section className="card">
          <div className="card-body" style={{ display: 'grid', gap: 16, maxWidth: 520 }}>
            <div className="field">
              <label htmlFor="theme">Appearance</label>
              <select
                id="theme"
                className="input"
                value={settings.data.theme}
                onChange={async (e) => {
                  const r = await save.run({ theme: e.target.value as 'system' | 'light' | 'dark' });
                  if (r.ok) {
                    applyTheme(r.data.theme);
                    await settings.reload();
                  }
                }}
              >
                <option value="system">Follow the system</option>
                <option value="light">Light</option>
                <option value="dark">Dark</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="retention">Backups to keep</label>
              <div style={{ display: 'flex', gap: 8 }}>
                <input
                  id="retention"
                  className="input"
                  inputMode="numeric"
                  value={retention}
                  aria-invalid={!retentionValid}
                  onChange={(e) => setRetention(e.target.value)}
                  style={{ width: 100 }}
                />
                <Button
                  disabled={!retentionValid || retentionValue === settings.data.backupRetention}
                  busy={save.pending}
                  onClick={async () => {
                    const r = await save.run({ backupRetention: retentionValue });
                    if (r.ok) {
                      toast.show({ kind: 'ok', title: `Keeping the newest ${r.data.backupRetention} backups` });
                      await settings.reload();
                    }
                  }}
                >
                  Save
                </Button>
              </div>
              <span className="small muted">{retentionValid ? 'Older unpinned backups are removed after the next write.' : 'Enter a whole number from 1 to 500.'}</span>
            </div>
            {save.error && <ErrorNotice error={save.error} title="Not saved" />}
          </div>
        </section>
      )}
      {token && (
        <section className="card">
          <div className="card-header">
            <h2>API access</h2>
            <span className="hint">for scripts on this machine</span>
          </div>
          <div className="card-body">
            <p className="muted" style={{ marginTop: 0 }}>
              Every <code>/api/</code> request needs this header. The token changes each time the server starts (set HERMES_SWITCHBOARD_TOKEN to fix it).
            </p>
            <pre className="error-excerpt" data-testid="api-token">X-Hermes-Session-Token: {token}</pre>
          </div>
        </section>
      )}
      {info.data && (
        <p className="small faint">
          Hermes Switchboard {info.data.version} · {info.data.host === 'electron' ? 'desktop app' : 'browser host'} · {info.data.platform}
        </p>
      )}
    </>
  );
}
