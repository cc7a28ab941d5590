import { useMemo, useState } from 'react';
import type { KeyGroup, KeyRow } from '../../../../shared/domain/keys';
import { Button } from '../../components/ui/Button';
import { Badge, Banner, EmptyState, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { useAction, useResource } from '../../lib/hooks';
import { useToast } from '../../lib/toasts';
import { KeychainBanner } from './KeychainBanner';
import { DeleteKeyDialog, ImportDialog, RevealDialog, SetKeyDialog } from './KeyDialogs';
import { EffectiveBadge, SourceBadge } from './SourceBadges';

/** Every key Hermes reads, where its value comes from now, and keychain-first editing. */
export function KeysPage() {
  const list = useResource('keys.list', {}, { refreshOn: ['keys.changed', 'config.changed', 'home.changed'] });
  const check = useAction('keys.keychainStatus');
  const delivery = useAction('keys.setDelivery');
  const removeEnv = useAction('keys.removeFromEnv');
  const toast = useToast();
  const [filter, setFilter] = useState('');
  const [showAll, setShowAll] = useState(false);
  const [editing, setEditing] = useState<{ row: KeyRow | null } | null>(null);
  const [deleting, setDeleting] = useState<KeyRow | null>(null);
  const [revealing, setRevealing] = useState<KeyRow | null>(null);
  const [importing, setImporting] = useState(false);

  const data = list.data;
  const keychainUsable = data !== undefined && data.keychain.status !== 'unavailable';
  const groups = useMemo(() => {
    if (!data) return { shown: [] as KeyGroup[], hidden: 0 };
    const q = filter.trim().toLowerCase();
    const match = (g: KeyGroup) => q === '' || g.label.toLowerCase().includes(q) || g.id.includes(q) || g.rows.some((r) => r.name.toLowerCase().includes(q));
    const interesting = (g: KeyGroup) => g.configured || g.slots.length > 0 || g.rows.some((r) => r.sources.length > 0) || g.otherSources.length > 0 || g.id === 'other';
    const candidates = data.groups.filter(match);
    const shown = showAll || q !== '' ? candidates : candidates.filter(interesting);
    return { shown, hidden: candidates.length - shown.length };
  }, [data, filter, showAll]);

  const reload = () => void list.reload();

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Keys</h1>
          <div className="subtitle">Where the key Hermes would use comes from — the value stays in the app's core; you see the last four characters.</div>
        </div>
        <div className="actions">
          {data && data.importable.length > 0 && keychainUsable && (
            <Button onClick={() => setImporting(true)} data-testid="import-env">
              Import from .env ({data.importable.length})
            </Button>
          )}
          <Button onClick={() => setEditing({ row: null })} data-testid="add-key">
            Add a key
          </Button>
        </div>
      </div>
      {list.error && <ErrorNotice error={list.error} title="Could not read the keys" />}
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <KeychainBanner
            state={data.keychain}
            checking={check.pending}
            onCheck={async () => {
              const r = await check.run({});
              if (r.ok) toast.show({ kind: r.data.status === 'unavailable' ? 'error' : 'ok', title: r.data.status === 'unavailable' ? `Keychain still unavailable (${r.data.reason})` : 'The keychain works' });
              reload();
            }}
          />
          <div className="toolbar">
            <input className="input" type="search" placeholder="Filter providers and variables…" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter keys" data-testid="keys-filter" />
            <label className="small">
              <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} data-testid="keys-show-all" /> Show every provider
            </label>
            <span className="spacer" />
            <span className="small muted">
              <code>{data.envFile.path}</code> {data.envFile.exists ? `(mode ${data.envFile.mode ?? '?'})` : '(does not exist yet)'}
            </span>
          </div>
          {groups.shown.length === 0 && (
            <section className="card">
              <EmptyState
                title={filter ? 'No provider or variable matches' : 'No keys yet'}
                action={
                  <Button variant="primary" onClick={() => setShowAll(true)}>
                    Show every provider
                  </Button>
                }
              >
                {filter ? 'Try another name.' : 'Nothing in .env, the keychain or the environment holds a provider key. Show every provider to add one.'}
              </EmptyState>
            </section>
          )}
          {groups.shown.map((g) => (
            <KeyGroupCard
              key={g.id}
              group={g}
              onEdit={(row) => setEditing({ row })}
              onDelete={setDeleting}
              onReveal={setRevealing}
              onDelivery={async (row, d) => {
                const r = await delivery.run({ name: row.name, delivery: d });
                if (r.ok) toast.show({ kind: 'ok', title: d === 'env' ? `${row.name} is now written to .env` : `${row.name} is now keychain only`, body: d === 'env' ? 'Hermes reads it directly.' : 'Start Hermes with hermes-switchboard exec -- hermes to give it this key.' });
                else toast.show({ kind: 'error', title: 'Delivery not changed', body: r.error.message });
                reload();
              }}
              onRemoveFromEnv={async (row) => {
                const r = await removeEnv.run({ names: [row.name] });
                if (r.ok) toast.show({ kind: 'ok', title: `Removed ${row.name} from .env`, body: '.env was backed up first.' });
                else toast.show({ kind: 'error', title: '.env not changed', body: r.error.message });
                reload();
              }}
            />
          ))}
          {groups.hidden > 0 && (
            <Button variant="ghost" onClick={() => setShowAll(true)} data-testid="show-more-providers">
              Show {groups.hidden} more provider{groups.hidden === 1 ? '' : 's'} without keys
            </Button>
          )}
          <Banner title="Keys kept only in the keychain reach Hermes through exec">
            Start Hermes with <code>{data.execCommand}</code> (any arguments after <code>hermes</code> pass through). It adds the keychain-only keys of this profile to Hermes's environment; values are never printed.
          </Banner>
          {editing && <SetKeyDialog row={editing.row} keychainUsable={keychainUsable} onClose={() => setEditing(null)} onDone={reload} />}
          <DeleteKeyDialog row={deleting} onClose={() => setDeleting(null)} onDone={reload} />
          {revealing && <RevealDialog row={revealing} revealsLeft={data.revealsLeft} onClose={() => setRevealing(null)} onRevealed={reload} />}
          {importing && <ImportDialog list={data} onClose={() => setImporting(false)} onDone={reload} />}
        </>
      )}
    </>
  );
}

/** `aux:compression` → `compression`, `fallback:0` → `fallback 1`. */
function slotName(id: string): string {
  const fb = /^fallback:(\d+)$/.exec(id);
  return fb ? `fallback ${Number(fb[1]) + 1}` : id.replace('aux:', '');
}

function KeyGroupCard({
  group,
  onEdit,
  onDelete,
  onReveal,
  onDelivery,
  onRemoveFromEnv,
}: {
  group: KeyGroup;
  onEdit: (row: KeyRow) => void;
  onDelete: (row: KeyRow) => void;
  onReveal: (row: KeyRow) => void;
  onDelivery: (row: KeyRow, d: 'env' | 'keychain-only') => void;
  onRemoveFromEnv: (row: KeyRow) => void;
}) {
  return (
    <section className="card key-group" data-testid={`key-group-${group.id}`}>
      <div className="card-header">
        <h2>{group.label}</h2>
        <span className="mono small faint">{group.id}</span>
        {group.configured ? (
          <Badge tone="ok">configured</Badge>
        ) : (
          <Badge tone={group.slots.length > 0 ? 'danger' : 'default'}>{group.rows.length === 0 && group.authType.startsWith('oauth') ? 'not signed in' : 'no key'}</Badge>
        )}
        {group.slots.length > 0 && (
          <Badge tone="accent" title="model slots in config.yaml that use this provider">
            used by {group.slots.map(slotName).join(', ')}
          </Badge>
        )}
        {group.note && <span className="hint">{group.note}</span>}
      </div>
      {group.otherSources.length > 0 && (
        <div className="other-sources">
          <span className="small muted">Also:</span>
          {group.otherSources.map((s) => (
            <SourceBadge key={`${s.kind}-${s.location}`} source={s} />
          ))}
          <span className="small faint">{group.otherSources.map((s) => s.location).join(' · ')}</span>
        </div>
      )}
      {group.rows.length === 0 && group.otherSources.length === 0 && !group.configured && (
        <div className="card-body small" data-testid="key-group-missing">
          {group.slots.length > 0 ? 'Hermes has no credentials for this provider, so the slots using it fail. ' : 'No credentials. '}
          {group.note ?? 'Set it up in Hermes first.'}
        </div>
      )}
      {group.rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table keys-table">
            <thead>
              <tr>
                <th scope="col">Variable</th>
                <th scope="col">Found in</th>
                <th scope="col">Hermes uses</th>
                <th scope="col">Delivery</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {group.rows.map((row) => (
                <KeyRowView key={row.name} row={row} onEdit={onEdit} onDelete={onDelete} onReveal={onReveal} onDelivery={onDelivery} onRemoveFromEnv={onRemoveFromEnv} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function KeyRowView({
  row,
  onEdit,
  onDelete,
  onReveal,
  onDelivery,
  onRemoveFromEnv,
}: {
  row: KeyRow;
  onEdit: (row: KeyRow) => void;
  onDelete: (row: KeyRow) => void;
  onReveal: (row: KeyRow) => void;
  onDelivery: (row: KeyRow, d: 'env' | 'keychain-only') => void;
  onRemoveFromEnv: (row: KeyRow) => void;
}) {
  const deletable = row.sources.some((s) => s.kind === 'keychain' || s.kind === 'dotenv');
  return (
    <>
      <tr data-testid={`key-row-${row.name}`} className={row.conflict ? 'has-conflict' : undefined}>
        <td>
          <code className="key-name">{row.name}</code>
          {row.usedBy.length > 1 && <div className="small faint">used by {row.usedBy.join(', ')}</div>}
        </td>
        <td>
          <div className="badge-row">
            {row.sources.length === 0 ? <span className="faint small">nowhere</span> : row.sources.map((s) => <SourceBadge key={`${s.kind}-${s.location}`} source={s} />)}
            {row.conflict && (
              <span data-testid="key-conflict">
                <Badge tone="danger" title={row.conflictNote}>
                  conflict
                </Badge>
              </span>
            )}
          </div>
        </td>
        <td>
          <EffectiveBadge effective={row.effective} />
        </td>
        <td>
          {row.delivery === null ? (
            <span className="faint small">–</span>
          ) : (
            <select
              className="input input-sm"
              value={row.delivery}
              onChange={(e) => onDelivery(row, e.target.value as 'env' | 'keychain-only')}
              aria-label={`How ${row.name} reaches Hermes`}
              data-testid={`delivery-${row.name}`}
            >
              <option value="env">write to .env</option>
              <option value="keychain-only">keychain only (exec)</option>
            </select>
          )}
        </td>
        <td className="row-actions">
          <Button size="sm" onClick={() => onEdit(row)} data-testid={`set-${row.name}`}>
            {row.sources.length > 0 ? 'Replace' : 'Set'}
          </Button>
          {row.effective !== null && (
            <Button size="sm" variant="ghost" onClick={() => onReveal(row)} aria-label={`Reveal ${row.name}`} data-testid={`reveal-${row.name}`}>
              Reveal
            </Button>
          )}
          {row.removableFromEnv && (
            <Button size="sm" variant="ghost" onClick={() => onRemoveFromEnv(row)} title="The keychain holds the same value; remove the plain-text copy" data-testid={`remove-env-${row.name}`}>
              Remove from .env
            </Button>
          )}
          {deletable && (
            <Button size="sm" variant="ghost" onClick={() => onDelete(row)} aria-label={`Delete ${row.name}`} data-testid={`delete-${row.name}`}>
              Delete
            </Button>
          )}
        </td>
      </tr>
      {row.conflict && row.conflictNote && (
        <tr className="conflict-note">
          <td colSpan={5}>
            <span className="warn-text small">⚠ {row.conflictNote} Keep one value: replace or delete the others.</span>
          </td>
        </tr>
      )}
    </>
  );
}
