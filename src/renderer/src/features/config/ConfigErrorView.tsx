import { useState } from 'react';
import type { ConfigState } from '../../../../shared/contract/config';
import { Button } from '../../components/ui/Button';
import { Banner } from '../../components/ui/Feedback';
import { RepairEditor } from './RepairEditor';

/** config.yaml does not parse: say where, keep it read-only, and offer the repair editor. */
export function ConfigErrorView({ state }: { state: ConfigState }) {
  const [editing, setEditing] = useState(false);
  const err = state.parseError;
  if (!err) return null;
  return (
    <section className="card" data-testid="config-error">
      <div className="card-body" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        <Banner
          tone="danger"
          title={`config.yaml does not parse — line ${err.line}, column ${err.column}`}
          actions={
            <Button variant="primary" onClick={() => setEditing(true)} data-testid="open-repair">
              Open repair editor
            </Button>
          }
        >
          <div>{err.message}</div>
          <div className="muted">
            Switchboard opened it read-only and will not write it until it parses. Hermes itself would ignore every setting in it and run on defaults.
          </div>
        </Banner>
        {err.excerpt !== undefined && (
          <div>
            <div className="small muted">
              Line {err.line} of <code>{state.path}</code>:
            </div>
            <div className="error-excerpt" data-testid="error-excerpt">
              {err.excerpt}
              {'\n'}
              {' '.repeat(Math.max(0, err.column - 1))}^
            </div>
          </div>
        )}
      </div>
      <RepairEditor open={editing} onOpenChange={setEditing} />
    </section>
  );
}
