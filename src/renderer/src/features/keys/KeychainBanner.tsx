import type { KeychainState } from '../../../../shared/domain/keys';
import { Button } from '../../components/ui/Button';
import { Banner } from '../../components/ui/Feedback';

const TITLES: Record<string, string> = {
  no_library: 'The keychain module could not be loaded',
  no_dbus: 'No desktop session bus: the keychain cannot be reached',
  no_secret_service: 'No Secret Service (GNOME Keyring or KWallet) is running',
  no_keyring: 'There is no default keyring yet',
  locked: 'Your keyring is locked',
  timeout: 'The keychain did not answer',
  error: 'The keychain reported an error',
};

/** The keychain state with the way out when it is not usable. */
export function KeychainBanner({ state, onCheck, checking }: { state: KeychainState; onCheck: () => void; checking: boolean }) {
  if (state.status === 'secure') {
    return (
      <Banner tone="ok" testId="keychain-banner" title={`Keys are stored in the ${state.backend}`}>
        <span data-testid="keychain-status" data-status="secure">
          Service <code>{state.service}</code>, profile scope <code>{state.scope}</code>. Nothing is kept in plain text unless you choose .env.
        </span>
      </Banner>
    );
  }
  if (state.status === 'memory') {
    return (
      <Banner tone="info" testId="keychain-banner" title="Demo home: keys are kept in memory only">
        <span data-testid="keychain-status" data-status="memory">
          {state.fix[0]}
        </span>
      </Banner>
    );
  }
  return (
    <Banner
      tone={state.reason === 'locked' ? 'warn' : 'danger'}
      testId="keychain-banner"
      title={`${TITLES[state.reason ?? 'error'] ?? TITLES.error} — keys cannot be stored in the keychain right now`}
      actions={
        <Button size="sm" onClick={onCheck} busy={checking} data-testid="keychain-check">
          Check again
        </Button>
      }
    >
      <div data-testid="keychain-status" data-status="unavailable" data-reason={state.reason}>
        {state.message && <div className="mono small faint">{state.message}</div>}
        <ol className="fix-steps">
          {state.fix.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      </div>
    </Banner>
  );
}
