import type { EffectiveKeySource, KeySourceKind, KeySourceStatus } from '../../../../shared/domain/keys';
import { Badge } from '../../components/ui/Feedback';

export const SOURCE_LABELS: Record<KeySourceKind, string> = {
  dotenv: '.env',
  keychain: 'keychain',
  env: 'environment',
  config: 'config.yaml',
  'auth-pool': 'auth.json',
};

function tail(last4: string | undefined): string {
  return last4 ? ` ••••${last4}` : '';
}

/** One place a key lives, e.g. `.env ••••1111`. */
export function SourceBadge({ source }: { source: KeySourceStatus }) {
  const tone = !source.usable ? 'warn' : source.kind === 'keychain' ? 'ok' : source.kind === 'dotenv' || source.kind === 'config' ? 'accent' : 'default';
  const title = `${source.location}${source.usable ? '' : ' — a placeholder Hermes ignores'}${source.updatedAt ? ` · stored ${new Date(source.updatedAt).toLocaleString()}` : ''}${source.reference ? ` · references \${${source.reference}}` : ''}`;
  return (
    <span data-testid="key-source" data-kind={source.kind}>
      <Badge tone={tone} title={title}>
        {SOURCE_LABELS[source.kind]}
        {source.reference ? ` → ${source.reference}` : tail(source.last4)}
      </Badge>
    </span>
  );
}

/** Where the value Hermes would use comes from. */
export function EffectiveBadge({ effective }: { effective: EffectiveKeySource | null }) {
  if (effective === null) return <span className="faint" data-testid="key-effective" data-kind="none">not set</span>;
  return (
    <span className="effective" data-testid="key-effective" data-kind={effective.kind}>
      <Badge tone={effective.usable ? 'ok' : 'warn'} title={effective.location}>
        {SOURCE_LABELS[effective.kind]}
        {tail(effective.last4)}
      </Badge>
      {effective.viaExec && (
        <span className="small muted" title="Hermes gets this key only when started with hermes-switchboard exec -- hermes">
          {' '}
          via exec
        </span>
      )}
      {!effective.usable && <span className="small warn-text"> placeholder</span>}
    </span>
  );
}
