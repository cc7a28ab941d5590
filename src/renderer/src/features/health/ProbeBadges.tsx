import type { ProbeClass, ProbeResult } from '../../../../shared/domain/probes';
import { Badge } from '../../components/ui/Feedback';

const LABELS: Record<ProbeClass, string> = {
  ok: 'ok',
  unreachable: 'unreachable',
  tls: 'TLS error',
  timeout: 'timeout',
  wrong_base_url: 'wrong base URL',
  auth_missing: 'no key',
  auth_invalid: 'key refused',
  model_not_found: 'model not found',
  rate_limited: 'rate limited',
  quota_exhausted: 'out of credits',
  server_error: 'server error',
  bad_response: 'bad response',
  cancelled: 'cancelled',
  skipped: 'not probed',
};

export function toneOf(cls: ProbeClass): 'ok' | 'warn' | 'danger' | 'default' {
  if (cls === 'ok') return 'ok';
  if (cls === 'skipped' || cls === 'cancelled') return 'default';
  if (cls === 'rate_limited' || cls === 'timeout' || cls === 'server_error' || cls === 'model_not_found') return 'warn';
  return 'danger';
}

/** The class of a probe result as a coloured badge (`data-class` for tests). */
export function ProbeClassBadge({ cls, title }: { cls: ProbeClass; title?: string }) {
  return (
    <span data-testid="probe-class" data-class={cls}>
      <Badge tone={toneOf(cls)} title={title ?? cls}>
        {LABELS[cls]}
      </Badge>
    </span>
  );
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** `TTFB 120 ms · total 180 ms`. */
export function Latency({ result }: { result: ProbeResult }) {
  if (result.class === 'skipped') return <span className="faint">–</span>;
  return (
    <span className="latency mono" title="time to first byte · total">
      {formatMs(result.latency.ttfbMs)} <span className="faint">/</span> {formatMs(result.latency.totalMs)}
    </span>
  );
}

export function formatTokens(n: number | null): string {
  if (n === null) return '?';
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n % 1_000_000 === 0 ? 0 : 2)}M`;
  if (n >= 1000) return `${Math.round(n / 1000)}K`;
  return String(n);
}
