import { useEffect, useState } from 'react';
import type { EndpointCandidate } from '../../../../shared/models/card-route';
import type { SlotChange, WriteProblem } from '../../../../shared/models/write-check';
import { Button } from '../../components/ui/Button';
import { Badge } from '../../components/ui/Feedback';
import { Modal } from '../../components/ui/Modal';
import { RichHint } from './RichHint';

export interface ConfirmSpec {
  title: string;
  /** One sentence above the lists. */
  intro: string;
  problems: WriteProblem[];
  /** Every slot the write touches, from → to (unchanged ones are listed as staying). */
  changes: SlotChange[];
  confirmLabel: string;
  danger?: boolean;
}

/**
 * "Before writing": the problems the shared pre-write check found (known problems and unknown facts,
 * each naming the slots it concerns) and, for a write to several slots, exactly which slots change
 * from what to what. Proceed or cancel; nothing is written until then.
 */
export function WriteConfirmDialog({ spec, onAnswer }: { spec: ConfirmSpec | null; onAnswer: (yes: boolean) => void }) {
  const changing = spec?.changes.filter((c) => c.changes) ?? [];
  const staying = spec?.changes.filter((c) => !c.changes) ?? [];
  return (
    <Modal
      open={spec !== null}
      onOpenChange={(open) => !open && onAnswer(false)}
      title={spec?.title ?? ''}
      description={spec?.intro}
      wide={(spec?.changes.length ?? 0) > 1}
      testId="write-confirm"
      footer={
        <>
          <Button onClick={() => onAnswer(false)} data-testid="write-confirm-cancel">
            Cancel
          </Button>
          <Button variant={spec?.danger ? 'danger-solid' : 'primary'} onClick={() => onAnswer(true)} data-testid="write-confirm-yes">
            {spec?.confirmLabel ?? 'Write'}
          </Button>
        </>
      }
    >
      {spec && spec.problems.length > 0 && (
        <ul className="write-problems" data-testid="write-confirm-problems">
          {spec.problems.map((p, i) => (
            <li key={`${p.id}-${i}`} className={`write-problem ${p.level}`} data-testid={`write-problem-${p.id}`} data-level={p.level}>
              <span className="write-problem-icon" aria-hidden="true">
                {p.level === 'warn' ? '⚠' : '?'}
              </span>
              <span>
                <span className="visually-hidden">{p.level === 'warn' ? 'Problem: ' : 'Unknown: '}</span>
                <RichHint text={p.text} />
              </span>
            </li>
          ))}
        </ul>
      )}
      {spec && spec.changes.length > 1 && (
        <table className="data-table change-table" data-testid="write-confirm-changes">
          <caption className="visually-hidden">What the write changes</caption>
          <thead>
            <tr>
              <th scope="col">Slot</th>
              <th scope="col">Now</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {changing.map((c) => (
              <tr key={c.slot} data-testid={`write-change-${c.slot}`} data-changes="true">
                <th scope="row">{c.label}</th>
                <td className="mono small">{c.from}</td>
                <td className="mono small">{c.to}</td>
              </tr>
            ))}
            {staying.map((c) => (
              <tr key={c.slot} className="faint" data-testid={`write-change-${c.slot}`} data-changes="false">
                <th scope="row">{c.label}</th>
                <td className="mono small">{c.from}</td>
                <td className="small">stays (already set)</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}

export interface EndpointAsk {
  model: string;
  reason: 'none' | 'several';
  candidates: EndpointCandidate[];
}

export type EndpointAnswer = { endpoint: EndpointCandidate } | { baseUrl: string } | null;

function validUrl(url: string): boolean {
  try {
    const u = new URL(url.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * A usage card recorded under the bare `custom` provider names no endpoint: ask which one served the
 * model (the configured endpoints, the ones listing it first) or for its base URL, rather than write a
 * slot that cannot reach anything.
 */
export function EndpointChoiceDialog({ ask, onAnswer }: { ask: EndpointAsk | null; onAnswer: (answer: EndpointAnswer) => void }) {
  const [picked, setPicked] = useState<number | 'url'>(0);
  const [url, setUrl] = useState('');
  useEffect(() => {
    if (!ask) return;
    setPicked(ask.candidates.length > 0 ? 0 : 'url');
    setUrl('');
  }, [ask]);
  const canGo = picked === 'url' ? validUrl(url) : ask?.candidates[picked] !== undefined;
  const go = () => {
    if (!ask || !canGo) return;
    onAnswer(picked === 'url' ? { baseUrl: url.trim() } : { endpoint: ask.candidates[picked]! });
  };
  return (
    <Modal
      open={ask !== null}
      onOpenChange={(open) => !open && onAnswer(null)}
      title={`Which endpoint served ${ask?.model ?? ''}?`}
      description={
        ask?.reason === 'several'
          ? 'Several of your endpoints list this model. Pick the one the slot should use.'
          : `Hermes recorded this model under the provider “custom”, which names no endpoint, and ${ask?.candidates.length ? 'none of your endpoints lists it. Pick the endpoint, or enter its base URL' : 'config.yaml defines no endpoint for it. Enter its base URL'} — a slot without one cannot reach the model.`
      }
      testId="endpoint-choice"
      footer={
        <>
          <Button onClick={() => onAnswer(null)} data-testid="endpoint-choice-cancel">
            Cancel
          </Button>
          <Button variant="primary" disabled={!canGo} onClick={go} data-testid="endpoint-choice-ok">
            Continue
          </Button>
        </>
      }
    >
      <form
        className="restore-scope"
        onSubmit={(e) => {
          e.preventDefault();
          go();
        }}
      >
        {ask?.candidates.map((c, i) => (
          <label key={`${c.selector ?? ''}${c.baseUrl}`} className="radio-row">
            <input type="radio" name="endpoint-choice" checked={picked === i} onChange={() => setPicked(i)} data-testid={`endpoint-choice-${i}`} />
            <span>
              <strong>
                {c.label} {c.servesModel && <Badge tone="accent">lists {ask.model}</Badge>}
              </strong>
              <span className="small muted mono">
                {c.selector !== null ? `provider: ${c.selector} · ` : 'provider: custom · '}
                {c.baseUrl}
              </span>
            </span>
          </label>
        ))}
        <label className="radio-row">
          <input type="radio" name="endpoint-choice" checked={picked === 'url'} onChange={() => setPicked('url')} data-testid="endpoint-choice-other" />
          <span>
            <strong>Another OpenAI-compatible base URL</strong>
            <input
              className="input mono"
              placeholder="http://localhost:11434/v1"
              aria-label="Base URL of the endpoint"
              value={url}
              onFocus={() => setPicked('url')}
              onChange={(e) => setUrl(e.target.value)}
              data-testid="endpoint-choice-url"
              spellCheck={false}
              autoComplete="off"
            />
            {picked === 'url' && url.trim() !== '' && !validUrl(url) && <span className="small warn-text">Enter an http:// or https:// URL.</span>}
            <span className="small muted">Written as provider: custom with this base_url.</span>
          </span>
        </label>
      </form>
    </Modal>
  );
}
