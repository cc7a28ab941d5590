import type { ReactNode } from 'react';
import type { AppErrorData } from '../../../../shared/errors';

export function Spinner({ label }: { label?: string }) {
  return <span className="spinner" role={label ? 'status' : undefined} aria-label={label} />;
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading-row" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <h3>{title}</h3>
      {children && <div>{children}</div>}
      {action && <div style={{ marginTop: 14 }}>{action}</div>}
    </div>
  );
}

export function Badge({ tone = 'default', children, title }: { tone?: 'default' | 'accent' | 'ok' | 'warn' | 'danger'; children: ReactNode; title?: string }) {
  return (
    <span className={`badge${tone === 'default' ? '' : ` badge-${tone}`}`} title={title}>
      {children}
    </span>
  );
}

export function Banner({
  tone = 'info',
  title,
  children,
  actions,
  testId,
}: {
  tone?: 'info' | 'warn' | 'danger' | 'ok';
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`banner${tone === 'info' ? '' : ` banner-${tone}`}`} role={tone === 'danger' ? 'alert' : 'status'} data-testid={testId}>
      <div className="banner-body">
        <div className="banner-title">{title}</div>
        {children && <div className="small">{children}</div>}
      </div>
      {actions && <div className="banner-actions">{actions}</div>}
    </div>
  );
}

/** What to tell the user for an error code, beyond the message. */
function hintFor(error: AppErrorData): string | null {
  switch (error.code) {
    case 'CONFIG_CONFLICT':
      return 'Reload to see the latest version, then make your change again.';
    case 'CONFIG_PARSE_ERROR':
      return 'Fix the YAML (the repair editor shows the line), then try again.';
    case 'HOME_NOT_FOUND':
      return 'Create a Hermes home or open the demo home.';
    case 'CONFIG_EDIT_FAILED':
      return 'Nothing was written. Please report this with the file attached (secrets removed).';
    default:
      return null;
  }
}

export function ErrorNotice({ error, title = 'Something went wrong', actions }: { error: AppErrorData; title?: string; actions?: ReactNode }) {
  const hint = hintFor(error);
  return (
    <Banner tone="danger" title={title} actions={actions} testId="error-notice">
      <div>{error.message}</div>
      {hint && <div className="muted">{hint}</div>}
      <div className="faint mono">{error.code}</div>
    </Banner>
  );
}
