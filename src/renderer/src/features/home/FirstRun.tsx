import type { HomeState } from '../../../../shared/contract/home';
import { Button } from '../../components/ui/Button';
import { ErrorNotice } from '../../components/ui/Feedback';
import { useAction } from '../../lib/hooks';

/** Shown when no Hermes home exists: create a real one, or explore a demo home. */
export function FirstRun({ home, onDone }: { home: HomeState; onDone: () => void }) {
  const create = useAction('home.create');
  const demo = useAction('home.openDemo');
  const error = create.error ?? demo.error;
  return (
    <main className="first-run" data-testid="first-run">
      <div>
        <h1>Welcome to Hermes Switchboard</h1>
        <p className="muted">
          No Hermes home was found at <code>{home.dir}</code>
          {home.rootSource === 'HERMES_HOME' ? ' (from HERMES_HOME)' : ''}. Switchboard edits Hermes Agent's <code>config.yaml</code>,
          keeps its keys safe and shows what your models cost.
        </p>
      </div>
      {error && <ErrorNotice error={error} />}
      <div className="choices">
        <section className="card choice">
          <h2>Create a Hermes home</h2>
          <p>
            Makes <code>{home.dir}</code> with a minimal <code>config.yaml</code> (mode 0600). Hermes fills in everything else with its defaults.
          </p>
          <div>
            <Button variant="primary" busy={create.pending} onClick={async () => (await create.run()).ok && onDone()} data-testid="create-home">
              Create home
            </Button>
          </div>
        </section>
        <section className="card choice">
          <h2>Open the demo home</h2>
          <p>A realistic home in a temporary folder — config, keys (fake), usage history and backups — to explore safely.</p>
          <div>
            <Button busy={demo.pending} onClick={async () => (await demo.run()).ok && onDone()} data-testid="open-demo">
              Open demo home
            </Button>
          </div>
        </section>
      </div>
      <p className="faint small">Already use Hermes elsewhere? Start Switchboard with HERMES_HOME set, or with --home DIR.</p>
    </main>
  );
}
