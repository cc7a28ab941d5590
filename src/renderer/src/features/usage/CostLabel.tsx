import type { UsageCost } from '../../../../shared/domain/usage';
import { compactNumber, exactNumber, exactUsd, formatUsd } from './usage-format';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A plain-text explanation of a cost: every figure with its status and the rows behind it. */
export function describeCost(cost: UsageCost, rowWord = 'row'): string {
  const r = cost.rows;
  const lines: string[] = [];
  if (r.estimated + r.actual > 0) {
    lines.push(`Estimated by Hermes: ${exactUsd(cost.estimatedUsd)} (${plural(r.estimated + r.actual, rowWord)} with a price)`);
  }
  if (r.actual > 0) lines.push(`Reported by the provider: ${exactUsd(cost.actualUsd)} (${plural(r.actual, rowWord)})`);
  if (r.included > 0) lines.push(`Included in a subscription: ${plural(r.included, rowWord)}, no per-call cost`);
  if (r.unknown > 0) lines.push(`Unknown price: ${plural(r.unknown, rowWord)}, ${exactNumber(cost.unpricedTokens)} input+output tokens not priced`);
  if (lines.length === 0) lines.push('No priced usage in this period.');
  return lines.join('\n');
}

/**
 * A cost with its status, never a bare number: `$12.34 estimated`, `$5.87 actual`, `included`,
 * `unknown · 3.1M tok unpriced`, or several of these for mixed usage. The estimate covers every priced
 * row (provider-reported ones too); the actual figure is the provider-reported part.
 */
export function CostLabel({ cost, testId, extraTitle, stacked = false }: { cost: UsageCost; testId?: string; extraTitle?: string; stacked?: boolean }) {
  const r = cost.rows;
  const parts: Array<{ key: string; value?: string; chip: string; tone: string; note?: string }> = [];
  if (r.estimated > 0 || (r.actual === 0 && r.included === 0 && r.unknown === 0)) {
    parts.push({ key: 'estimated', value: formatUsd(cost.estimatedUsd), chip: 'estimated', tone: 'est' });
  }
  if (r.actual > 0) parts.push({ key: 'actual', value: formatUsd(cost.actualUsd), chip: 'actual', tone: 'act' });
  if (r.included > 0) parts.push({ key: 'included', chip: 'included', tone: 'inc' });
  if (r.unknown > 0) parts.push({ key: 'unknown', chip: 'unknown', tone: 'unk', note: `${compactNumber(cost.unpricedTokens)} tok unpriced` });
  const title = describeCost(cost) + (extraTitle ? `\n\n${extraTitle}` : '');
  return (
    <span className={`cost${stacked ? ' cost-stacked' : ''}`} data-testid={testId} data-status={cost.status} title={title}>
      {parts.map((p, i) => (
        <span key={p.key} className="cost-part" data-part={p.key}>
          {i > 0 && !stacked && (
            <span className="cost-sep" aria-hidden="true">
              ·
            </span>
          )}
          {p.value && <span className="cost-value">{p.value}</span>}
          <span className={`cost-chip cost-chip-${p.tone}`}>{p.chip}</span>
          {p.note && <span className="cost-note">{p.note}</span>}
        </span>
      ))}
    </span>
  );
}
