import type { HomeState } from '../../../../shared/contract/home';
import { Badge } from '../../components/ui/Feedback';
import { useAction } from '../../lib/hooks';
import { useToast } from '../../lib/toasts';

/** Top bar: which home and profile is being edited, with a profile switcher. */
export function HomeBar({ home, onChanged }: { home: HomeState; onChanged: () => void }) {
  const select = useAction('home.selectProfile');
  const toast = useToast();
  const showSelect = home.profiles.length > 1;
  return (
    <header className="topbar">
      <div className="home-path">
        <span className="label">Hermes home{home.isDemo ? ' · demo' : ''}</span>
        <span className="path" title={home.dir} data-testid="home-dir">
          {home.dir}
        </span>
      </div>
      {home.isDemo && (
        <Badge tone="warn" title="A temporary home built for exploring; your real ~/.hermes is untouched.">
          demo home
        </Badge>
      )}
      <div className="spacer" />
      <label className="small muted" htmlFor="profile-select">
        Profile
      </label>
      {showSelect ? (
        <select
          id="profile-select"
          className="input"
          value={home.profile}
          disabled={select.pending}
          data-testid="profile-select"
          onChange={async (e) => {
            const result = await select.run({ profile: e.target.value });
            if (result.ok) onChanged();
            else toast.show({ kind: 'error', title: 'Could not switch profile', body: result.error.message });
          }}
        >
          {home.profiles.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
              {p.isHermesActive ? ' (Hermes active)' : ''}
              {p.hasConfig ? '' : ' — no config.yaml'}
            </option>
          ))}
        </select>
      ) : (
        <span className="badge" data-testid="profile-name">
          {home.profile}
        </span>
      )}
    </header>
  );
}
