import { useState, type FormEvent } from 'react';
import { USAGE_EARLIEST_FROM, USAGE_MAX_RANGE_DAYS } from '../../../../shared/contract/usage';
import { Button } from '../../components/ui/Button';
import { checkRange, utcDay, type RangeInput } from './usage-format';

export const PERIODS = [7, 30, 90] as const;
export type Period = (typeof PERIODS)[number];

export type Selection = { kind: 'days'; days: Period } | { kind: 'range'; input: RangeInput; from: number; to: number };

const DAY = 86_400;

/** Segmented control 7d / 30d / 90d / Custom; Custom opens two date inputs (UTC days, both included). */
export function PeriodPicker({ value, onChange }: { value: Selection; onChange: (next: Selection) => void }) {
  const [editing, setEditing] = useState(value.kind === 'range');
  // The date inputs' upper bound; `apply` checks against the clock again.
  const [today] = useState(() => utcDay(Date.now() / 1000));
  const [draft, setDraft] = useState<RangeInput>(() =>
    value.kind === 'range' ? value.input : { from: utcDay(Date.now() / 1000 - 13 * DAY), to: utcDay(Date.now() / 1000) },
  );
  const [error, setError] = useState<string | null>(null);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkRange(draft, Date.now() / 1000, { maxDays: USAGE_MAX_RANGE_DAYS, earliest: USAGE_EARLIEST_FROM });
    if (!checked.window) {
      setError(checked.error ?? 'Invalid range.');
      return;
    }
    setError(null);
    onChange({ kind: 'range', input: draft, from: checked.window.from, to: checked.window.to });
  };

  const customActive = editing || value.kind === 'range';
  return (
    <div className="period-picker">
      <div className="segmented" role="group" aria-label="Period">
        {PERIODS.map((d) => {
          const on = !customActive && value.kind === 'days' && value.days === d;
          return (
            <button
              key={d}
              type="button"
              className={on ? 'on' : ''}
              aria-pressed={on}
              data-testid={`period-${d}`}
              onClick={() => {
                setEditing(false);
                setError(null);
                onChange({ kind: 'days', days: d });
              }}
            >
              {d}d
            </button>
          );
        })}
        <button type="button" className={customActive ? 'on' : ''} aria-pressed={customActive} data-testid="period-custom" onClick={() => setEditing(true)}>
          Custom
        </button>
      </div>
      {customActive && (
        <form className="range-form" onSubmit={apply} noValidate data-testid="range-form">
          <label>
            <span>From</span>
            <input
              type="date"
              className="input"
              value={draft.from}
              min={utcDay(USAGE_EARLIEST_FROM)}
              max={today}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
              aria-invalid={error ? true : undefined}
              data-testid="range-from"
            />
          </label>
          <label>
            <span>To</span>
            <input
              type="date"
              className="input"
              value={draft.to}
              min={utcDay(USAGE_EARLIEST_FROM)}
              max={today}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
              aria-invalid={error ? true : undefined}
              data-testid="range-to"
            />
          </label>
          <Button type="submit" size="sm" variant="primary" data-testid="range-apply">
            Apply
          </Button>
          <span className="faint small">UTC days, both included</span>
          {error && (
            <div className="range-error" role="alert" data-testid="range-error">
              {error}
            </div>
          )}
        </form>
      )}
    </div>
  );
}
