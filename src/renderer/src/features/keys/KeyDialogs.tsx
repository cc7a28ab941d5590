import { useEffect, useState } from 'react';
import type { KeyRow, KeysList, KeyStore } from '../../../../shared/domain/keys';
import { Button } from '../../components/ui/Button';
import { Banner, ErrorNotice } from '../../components/ui/Feedback';
import { Modal } from '../../components/ui/Modal';
import { useAction } from '../../lib/hooks';
import { useToast } from '../../lib/toasts';

/** The three places a key can go, in the words of the dialog. */
export function StoreChoice({ value, onChange, keychainUsable, name }: { value: KeyStore; onChange: (s: KeyStore) => void; keychainUsable: boolean; name: string }) {
  const options: Array<{ id: KeyStore; title: string; body: string; disabled: boolean }> = [
    {
      id: 'keychain',
      title: 'Keychain only (recommended)',
      body: 'Encrypted by your OS. Hermes gets it when you start it with hermes-switchboard exec -- hermes. A plain-text copy in .env is removed.',
      disabled: !keychainUsable,
    },
    { id: 'both', title: 'Keychain, and write to .env', body: 'Hermes reads it directly from .env (plain text, file mode 0600); the keychain keeps the original.', disabled: !keychainUsable },
    { id: 'env', title: '.env only — plain text', body: `Your explicit choice: ${name || 'the key'} is written to .env unencrypted, where any program you run can read it.`, disabled: false },
  ];
  return (
    <fieldset className="store-choice" data-testid="store-choice">
      <legend>Where to keep it</legend>
      {options.map((o) => (
        <label key={o.id} className={`store-option${value === o.id ? ' selected' : ''}${o.disabled ? ' disabled' : ''}${o.id === 'env' ? ' plain' : ''}`}>
          <input type="radio" name="store" value={o.id} checked={value === o.id} disabled={o.disabled} onChange={() => onChange(o.id)} data-testid={`store-${o.id}`} />
          <span>
            <strong>{o.title}</strong>
            <span className="small muted">{o.body}</span>
          </span>
        </label>
      ))}
      {!keychainUsable && <div className="small warn-text">The keychain is not available (see the banner above); only the explicit plain-text choice is possible.</div>}
    </fieldset>
  );
}

/** Set or replace one key. The value is sent once to the core and never comes back. */
export function SetKeyDialog({ onClose, row, keychainUsable, onDone }: { onClose: () => void; row: KeyRow | null; keychainUsable: boolean; onDone: () => void }) {
  const [name, setName] = useState(row?.name ?? '');
  const [value, setValue] = useState('');
  const [store, setStore] = useState<KeyStore>(!keychainUsable ? 'env' : row?.delivery === 'env' ? 'both' : 'keychain');
  const action = useAction('keys.set');
  const toast = useToast();
  const submit = async () => {
    const r = await action.run({ name: name.trim(), value, store });
    if (!r.ok) return;
    setValue('');
    toast.show({ kind: 'ok', title: `${r.data.row.name} saved`, body: r.data.notes.join('; ') });
    onDone();
    onClose();
  };
  const replacing = row !== null && row.sources.length > 0;
  return (
    <Modal
      open
      onOpenChange={(o) => !o && onClose()}
      title={row === null ? 'Add a key' : `${replacing ? 'Replace' : 'Set'} ${row.name}`}
      description={row && row.usedBy.length > 0 ? `Used by ${row.usedBy.join(', ')}.` : 'Any variable Hermes or its tools read.'}
      testId="set-key-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant={store === 'env' ? 'danger-solid' : 'primary'} busy={action.pending} disabled={name.trim() === '' || value.trim() === ''} onClick={() => void submit()} data-testid="save-key">
            {store === 'env' ? 'Save in plain text' : 'Save'}
          </Button>
        </>
      }
    >
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {row === null && (
          <div className="field">
            <label htmlFor="key-name">Variable name</label>
            <input id="key-name" className="input mono" value={name} onChange={(e) => setName(e.target.value.toUpperCase())} placeholder="MY_PROVIDER_API_KEY" autoComplete="off" spellCheck={false} data-testid="key-name" />
          </div>
        )}
        <div className="field">
          <label htmlFor="key-value">Key</label>
          <input
            id="key-value"
            className="input mono"
            type="password"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder="paste the key"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            data-testid="key-value"
          />
          <span className="small faint">Surrounding spaces, quotes and invisible characters are removed; a key with a line break or inner spaces is refused.</span>
        </div>
        <StoreChoice value={store} onChange={setStore} keychainUsable={keychainUsable} name={name} />
        {action.error && <ErrorNotice error={action.error} title="Not saved" />}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}

/** Delete from the keychain, .env or both — only the places that hold it are offered. */
export function DeleteKeyDialog({ row, onClose, onDone }: { row: KeyRow | null; onClose: () => void; onDone: () => void }) {
  const action = useAction('keys.delete');
  const toast = useToast();
  const inKeychain = row?.sources.some((s) => s.kind === 'keychain') ?? false;
  const inEnv = row?.sources.some((s) => s.kind === 'dotenv') ?? false;
  const run = async (store: KeyStore) => {
    if (!row) return;
    const r = await action.run({ name: row.name, store });
    if (!r.ok) return;
    toast.show({ kind: 'ok', title: `${row.name} deleted from ${store === 'both' ? 'the keychain and .env' : store === 'env' ? '.env' : 'the keychain'}`, body: r.data.envBackupId ? '.env was backed up first.' : undefined });
    onDone();
    onClose();
  };
  return (
    <Modal
      open={row !== null}
      onOpenChange={(o) => !o && onClose()}
      title={`Delete ${row?.name ?? ''}?`}
      description="Hermes loses this key wherever you delete it. A .env change is backed up first."
      testId="delete-key-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          {inKeychain && (
            <Button variant="danger" busy={action.pending} onClick={() => void run('keychain')} data-testid="delete-keychain">
              From the keychain
            </Button>
          )}
          {inEnv && (
            <Button variant="danger" busy={action.pending} onClick={() => void run('env')} data-testid="delete-env">
              From .env
            </Button>
          )}
          {inKeychain && inEnv && (
            <Button variant="danger-solid" busy={action.pending} onClick={() => void run('both')} data-testid="delete-both">
              From both
            </Button>
          )}
        </>
      }
    >
      {action.error && <ErrorNotice error={action.error} title="Not deleted" />}
      {row && !inKeychain && !inEnv && <p className="muted">This key is not in the keychain or .env (it comes from {row.sources.map((s) => s.location).join(', ')}), so there is nothing to delete here.</p>}
    </Modal>
  );
}

const REVEAL_SECONDS = 30;

/** Reveal: explicit, confirmed, rate-limited by the core, hidden again after 30 s. */
export function RevealDialog({ row, revealsLeft, onClose, onRevealed }: { row: KeyRow; revealsLeft: number; onClose: () => void; onRevealed: () => void }) {
  const action = useAction('keys.reveal');
  const [value, setValue] = useState<string | null>(null);
  const [source, setSource] = useState('');
  const [left, setLeft] = useState(REVEAL_SECONDS);
  useEffect(() => {
    if (value === null) return;
    setLeft(REVEAL_SECONDS);
    const timer = setInterval(() => setLeft((s) => s - 1), 1000);
    return () => clearInterval(timer);
  }, [value]);
  useEffect(() => {
    if (value !== null && left <= 0) setValue(null);
  }, [left, value]);
  const reveal = async () => {
    const r = await action.run({ name: row.name, source: 'effective' });
    if (r.ok) {
      setValue(r.data.value);
      setSource(r.data.source);
      onRevealed();
    }
  };
  return (
    <Modal
      open
      onOpenChange={(o) => {
        if (!o) {
          setValue(null);
          onClose();
        }
      }}
      title={`Reveal ${row.name}?`}
      description={`The value Hermes would use is shown for ${REVEAL_SECONDS} seconds. ${revealsLeft} of 5 reveals left in this 30-second window.`}
      testId="reveal-dialog"
      footer={
        value === null ? (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" busy={action.pending} onClick={() => void reveal()} disabled={revealsLeft === 0} data-testid="confirm-reveal">
              Reveal
            </Button>
          </>
        ) : (
          <>
            <Button onClick={() => void navigator.clipboard?.writeText(value)}>Copy</Button>
            <Button variant="primary" onClick={onClose}>
              Hide
            </Button>
          </>
        )
      }
    >
      {action.error && <ErrorNotice error={action.error} title="Not revealed" />}
      {value !== null && (
        <div>
          <div className="revealed mono" data-testid="revealed-value">
            {value}
          </div>
          <div className="small faint">
            from {source} · hidden in {left} s
          </div>
        </div>
      )}
    </Modal>
  );
}

/** Import from .env: copy to the keychain (after a .env backup), then offer to remove the plain-text copies. */
export function ImportDialog({ list, onClose, onDone }: { list: KeysList; onClose: () => void; onDone: () => void }) {
  const importAction = useAction('keys.importEnv');
  const removeAction = useAction('keys.removeFromEnv');
  const toast = useToast();
  const [step, setStep] = useState<'choose' | 'remove'>('choose');
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(list.importable));
  const [toRemove, setToRemove] = useState<Set<string>>(new Set());
  const [backupId, setBackupId] = useState<string | null>(null);
  const rows = list.groups.flatMap((g) => g.rows);
  const removable = rows.filter((r) => r.removableFromEnv).map((r) => r.name);
  const toggle = (set: Set<string>, name: string, apply: (s: Set<string>) => void) => {
    const next = new Set(set);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    apply(next);
  };
  const doImport = async () => {
    const r = await importAction.run({ names: [...chosen] });
    if (!r.ok) return;
    setBackupId(r.data.envBackupId);
    toast.show({ kind: 'ok', title: `${r.data.imported.length} key${r.data.imported.length === 1 ? '' : 's'} copied into the keychain`, body: r.data.skipped.length ? `Skipped: ${r.data.skipped.map((s) => `${s.name} (${s.reason})`).join(', ')}` : undefined });
    setToRemove(new Set(r.data.imported));
    setStep('remove');
    onDone();
  };
  const doRemove = async () => {
    const r = await removeAction.run({ names: [...toRemove] });
    if (!r.ok) return;
    toast.show({ kind: 'ok', title: `Removed ${r.data.removed.length} plain-text key${r.data.removed.length === 1 ? '' : 's'} from .env`, body: 'Start Hermes with hermes-switchboard exec -- hermes to give it these keys.' });
    onDone();
    onClose();
  };
  const removeCandidates = [...new Set([...removable, ...toRemove])];
  return (
    <Modal
      open
      onOpenChange={(o) => !o && onClose()}
      title={step === 'choose' ? 'Import keys from .env into the keychain' : 'Remove the plain-text copies from .env?'}
      description={
        step === 'choose'
          ? '.env is backed up first. The keys stay in .env until you remove them in the next step, so nothing changes for Hermes yet.'
          : `The keychain now holds the same values${backupId ? ` (.env backup ${backupId})` : ''}. Removing them from .env means Hermes gets them through hermes-switchboard exec.`
      }
      testId="import-dialog"
      footer={
        step === 'choose' ? (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" busy={importAction.pending} disabled={chosen.size === 0} onClick={() => void doImport()} data-testid="confirm-import">
              Import {chosen.size}
            </Button>
          </>
        ) : (
          <>
            <Button onClick={onClose} data-testid="keep-in-env">
              Keep them in .env
            </Button>
            <Button variant="primary" busy={removeAction.pending} disabled={toRemove.size === 0} onClick={() => void doRemove()} data-testid="confirm-remove-env">
              Remove {toRemove.size} from .env
            </Button>
          </>
        )
      }
    >
      {step === 'choose' && list.importable.length === 0 && <Banner title="Nothing to import">No usable key in .env is missing from the keychain.</Banner>}
      <ul className="check-list">
        {(step === 'choose' ? list.importable : removeCandidates).map((name) => (
          <li key={name}>
            <label>
              <input
                type="checkbox"
                checked={(step === 'choose' ? chosen : toRemove).has(name)}
                onChange={() => (step === 'choose' ? toggle(chosen, name, setChosen) : toggle(toRemove, name, setToRemove))}
                data-testid={`import-${name}`}
              />
              <code>{name}</code>
            </label>
          </li>
        ))}
      </ul>
      {importAction.error && <ErrorNotice error={importAction.error} title="Not imported" />}
      {removeAction.error && <ErrorNotice error={removeAction.error} title=".env was not changed" />}
    </Modal>
  );
}
