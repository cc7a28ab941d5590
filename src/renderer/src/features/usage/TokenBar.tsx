import type { TokenSplit } from '../../../../shared/domain/usage';
import { compactNumber, exactNumber } from './usage-format';

export const TOKEN_PARTS = [
  { key: 'input', label: 'Input', hint: 'prompt tokens not read from cache' },
  { key: 'output', label: 'Output', hint: 'completion tokens (most APIs include reasoning here)' },
  { key: 'cacheRead', label: 'Cache read', hint: 'prompt tokens served from the provider cache' },
  { key: 'cacheWrite', label: 'Cache write', hint: 'prompt tokens written to the provider cache' },
  { key: 'reasoning', label: 'Reasoning', hint: 'thinking tokens as reported (usually also counted in output)' },
] as const;

export type TokenPart = (typeof TOKEN_PARTS)[number]['key'];

/**
 * Input / output / cache read / cache write / reasoning as one stacked bar (widths relative to their
 * sum) with a legend of exact figures. Drawn in SVG; the bar carries a text equivalent.
 */
export function TokenBar({ tokens, testId }: { tokens: TokenSplit; testId?: string }) {
  const sum = TOKEN_PARTS.reduce((s, p) => s + tokens[p.key], 0);
  let x = 0;
  const label = `Token split: ${TOKEN_PARTS.map((p) => `${p.label.toLowerCase()} ${exactNumber(tokens[p.key])}`).join(', ')}`;
  return (
    <div className="token-split" data-testid={testId}>
      <svg className="token-bar" viewBox="0 0 1000 10" preserveAspectRatio="none" role="img" aria-label={label}>
        <rect className="token-bar-track" x="0" y="0" width="1000" height="10" rx="0" />
        {sum > 0 &&
          TOKEN_PARTS.map((p) => {
            const w = (tokens[p.key] / sum) * 1000;
            const rect = w > 0 ? (
              <rect key={p.key} className={`tok-${p.key}`} x={x} y="0" width={w} height="10">
                <title>{`${p.label}: ${exactNumber(tokens[p.key])} (${((tokens[p.key] / sum) * 100).toFixed(1)}%)`}</title>
              </rect>
            ) : null;
            x += w;
            return rect;
          })}
      </svg>
      <ul className="token-legend">
        {TOKEN_PARTS.map((p) => (
          <li key={p.key} title={`${p.label}: ${exactNumber(tokens[p.key])} — ${p.hint}`} data-part={p.key} data-value={tokens[p.key]}>
            <span className={`swatch tok-${p.key}`} aria-hidden="true" />
            <span className="token-legend-label">{p.label}</span>
            <span className="token-legend-value">{compactNumber(tokens[p.key])}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
