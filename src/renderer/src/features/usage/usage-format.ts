/** Display helpers for the usage panel (pure; unit-tested). */

const DAY = 86_400;

/** `1234567` → `1,234,567` (exact figures in tooltips and tables). */
export function exactNumber(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Compact tokens: `950`, `12.4K`, `3.46M`, `1.20B`. */
export function compactNumber(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(Math.round(n));
}

/** Round sizes such as context windows: `1M`, `1.05M`, `128K`, `65.5K`. */
export function compactSize(n: number): string {
  return compactNumber(n).replace(/\.0+([KMB])$/, '$1').replace(/(\.\d*?)0+([KMB])$/, '$1$2');
}

/** Dollars for a cost figure: `$12.34`, `$1,234`, `<$0.01`, `$0.00`. */
export function formatUsd(n: number): string {
  if (n > 0 && n < 0.005) return '<$0.01';
  if (n >= 1000) return `$${Math.round(n).toLocaleString('en-US')}`;
  return `$${n.toFixed(2)}`;
}

/** Full precision for tooltips: `$12.345678`. */
export function exactUsd(n: number): string {
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;
}

/** The model id without its vendor prefix (`anthropic/claude-sonnet-5` → `claude-sonnet-5`), as Hermes's cards show it. */
export function shortModelName(model: string): string {
  const slash = model.lastIndexOf('/');
  return slash >= 0 && slash < model.length - 1 ? model.slice(slash + 1) : model;
}

/** `YYYY-MM-DD` of a UTC epoch-seconds value. */
export function utcDay(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds / DAY) * DAY * 1000).toISOString().slice(0, 10);
}

/** Epoch seconds of 00:00 UTC of a `YYYY-MM-DD` string, or null when it is not a real date. */
export function parseUtcDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / 1000;
}

/** `Nov 21` (UTC) for axis labels; `Nov 21, 2026` with `year`. */
export function shortUtcDate(epochSeconds: number, year = false): string {
  return new Date(epochSeconds * 1000).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    ...(year && { year: 'numeric' }),
    timeZone: 'UTC',
  });
}

export interface RangeInput {
  from: string;
  to: string;
}

export interface RangeCheck {
  /** Epoch seconds: `from` at 00:00 UTC, `to` at the end of its day (exclusive bound). */
  window?: { kind: 'range'; from: number; to: number };
  error?: string;
}

/** Validates a custom range of UTC calendar days (both inclusive). */
export function checkRange(input: RangeInput, nowSeconds: number, limits: { maxDays: number; earliest: number }): RangeCheck {
  if (!input.from || !input.to) return { error: 'Choose both a start and an end date.' };
  const from = parseUtcDay(input.from);
  const toDay = parseUtcDay(input.to);
  if (from === null || toDay === null) return { error: 'Dates must be real calendar dates (YYYY-MM-DD).' };
  if (from > toDay) return { error: 'The start date must be on or before the end date.' };
  const today = Math.floor(nowSeconds / DAY) * DAY;
  if (from > today) return { error: 'The range starts in the future.' };
  if (from < limits.earliest) return { error: `The range cannot start before ${utcDay(limits.earliest)}.` };
  const to = toDay + DAY;
  const days = (to - from) / DAY;
  if (days > limits.maxDays) return { error: `A range can span at most ${limits.maxDays} days (this one has ${days}).` };
  return { window: { kind: 'range', from, to } };
}
