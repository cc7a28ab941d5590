import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { DailySeries } from '../../../../shared/domain/usage';
import { compactNumber, exactNumber, shortModelName, shortUtcDate } from './usage-format';

export type ChartMetric = 'tokens' | 'sessions';

const HEIGHT = 200;
const PAD = { top: 10, right: 8, bottom: 24, left: 46 };

/** Series colour class: the top models get the palette, `other` a neutral grey. */
export function seriesClass(series: readonly string[], i: number): string {
  return series[i] === 'other' && i === series.length - 1 ? 'series-other' : `series-${i % 6}`;
}

/** A round axis maximum and step for `max` (4 gridlines). */
function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 4, step: 1 };
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const niceStep = step < 1 ? 1 : step;
  return { top: Math.ceil(max / niceStep) * niceStep, step: niceStep };
}

function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/**
 * Daily usage as stacked bars (top models + other), UTC days. Hover or focus the chart and use the arrow
 * keys to inspect a day; "Table" shows the same numbers as a table.
 */
export function DailyChart({ daily, metric }: { daily: DailySeries; metric: ChartMetric }) {
  const [wrapRef, width] = useWidth<HTMLDivElement>();
  const [active, setActive] = useState<number | null>(null);
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const points = daily.points;
  const n = points.length;
  useEffect(() => setActive((a) => (a !== null && a >= n ? null : a)), [n]);

  const valuesOf = (i: number): number[] => {
    const p = points[i];
    if (!p) return [];
    return metric === 'tokens' ? p.tokensBySeries : p.sessionsBySeries;
  };
  const totalOf = (i: number): number => {
    const p = points[i];
    return p ? (metric === 'tokens' ? p.tokens : p.sessions) : 0;
  };
  const max = points.reduce((m, _p, i) => Math.max(m, totalOf(i)), 0);
  const { top, step } = niceScale(max);
  const fmt = metric === 'tokens' ? compactNumber : (v: number) => String(v);

  const plotW = Math.max(0, width - PAD.left - PAD.right);
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const band = n > 0 ? plotW / n : 0;
  const barW = band >= 4 ? band * 0.72 : Math.max(0.6, band - 0.4);
  const y = (v: number): number => PAD.top + plotH - (v / top) * plotH;
  const labelEvery = Math.max(1, Math.ceil(64 / Math.max(band, 0.001)));

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (n === 0) return;
    const cur = active ?? n - 1;
    const moves: Record<string, number | null> = {
      ArrowLeft: Math.max(0, cur - 1),
      ArrowRight: Math.min(n - 1, cur + 1),
      Home: 0,
      End: n - 1,
      Escape: null,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    setActive(moves[e.key] ?? null);
  };

  const activePoint = active !== null ? points[active] : undefined;
  const tipLeft = active !== null ? PAD.left + band * active + band / 2 : 0;
  const metricWord = metric === 'tokens' ? 'tokens (input + output)' : 'sessions';

  return (
    <div className="daily-chart" data-testid="daily-chart" data-days={n}>
      <div
        ref={wrapRef}
        className="daily-chart-plot"
        tabIndex={0}
        role="group"
        aria-label={`Daily ${metricWord}, ${n} UTC days. Use the left and right arrow keys to read a day.`}
        onKeyDown={onKey}
        onMouseLeave={() => setActive(null)}
        onBlur={() => setActive(null)}
        onMouseMove={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          const i = Math.floor((e.clientX - rect.left - PAD.left) / (band || 1));
          setActive(i >= 0 && i < n ? i : null);
        }}
      >
        {width > 0 && (
          <svg width={width} height={HEIGHT} aria-hidden="true" className="daily-chart-svg">
            {Array.from({ length: Math.round(top / step) + 1 }, (_, k) => {
              const v = k * step;
              return (
                <g key={k} className="grid">
                  <line x1={PAD.left} x2={width - PAD.right} y1={y(v)} y2={y(v)} />
                  <text x={PAD.left - 6} y={y(v)} dy="0.32em" textAnchor="end">
                    {fmt(v)}
                  </text>
                </g>
              );
            })}
            {points.map((p, i) => {
              const x = PAD.left + band * i + (band - barW) / 2;
              let acc = 0;
              return (
                <g key={p.day} className={active === i ? 'day active' : 'day'} data-day={p.day}>
                  {active === i && <rect className="day-highlight" x={PAD.left + band * i} y={PAD.top} width={band} height={plotH} />}
                  {valuesOf(i).map((v, s) => {
                    if (v <= 0) return null;
                    const y0 = y(acc);
                    acc += v;
                    const y1 = y(acc);
                    return <rect key={s} className={seriesClass(daily.series, s)} x={x} y={y1} width={barW} height={Math.max(0.5, y0 - y1)} />;
                  })}
                  {i % labelEvery === 0 && (
                    <text className="x-label" x={PAD.left + band * i + band / 2} y={HEIGHT - 6} textAnchor="middle">
                      {shortUtcDate(p.start)}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
        )}
        {activePoint && (
          <div
            className={`chart-tip${tipLeft > width * 0.62 ? ' flip' : ''}`}
            style={{ left: tipLeft }}
            data-testid="chart-tooltip"
            aria-hidden="true"
          >
            <div className="chart-tip-title">
              {shortUtcDate(activePoint.start, true)} <span className="faint">UTC</span>
            </div>
            <div className="chart-tip-total">
              {metric === 'tokens' ? `${exactNumber(activePoint.tokens)} tokens` : `${activePoint.sessions} sessions`}
              {metric === 'tokens' && <span className="faint"> · {activePoint.sessions} sessions</span>}
            </div>
            <ul>
              {daily.series.map((name, s) => {
                const v = valuesOf(active ?? 0)[s] ?? 0;
                if (v === 0) return null;
                return (
                  <li key={name}>
                    <span className={`swatch ${seriesClass(daily.series, s)}`} />
                    <span className="chart-tip-name">{name === 'other' ? 'other models' : shortModelName(name)}</span>
                    <span className="chart-tip-value">{metric === 'tokens' ? compactNumber(v) : v}</span>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
        <div className="visually-hidden" aria-live="polite">
          {activePoint
            ? `${activePoint.day}: ${metric === 'tokens' ? `${exactNumber(activePoint.tokens)} tokens` : `${activePoint.sessions} sessions`}`
            : ''}
        </div>
      </div>
      <div className="daily-chart-foot">
        <ul className="chart-legend">
          {daily.series.map((name, s) => (
            <li key={name} title={name}>
              <span className={`swatch ${seriesClass(daily.series, s)}`} aria-hidden="true" />
              {name === 'other' ? 'other models' : shortModelName(name)}
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable((v) => !v)}
          data-testid="chart-table-toggle"
        >
          {showTable ? 'Hide table' : 'Show as table'}
        </button>
      </div>
      {showTable && (
        <div className="chart-table-wrap" id={tableId}>
          <table className="chart-table" data-testid="chart-table">
            <caption className="visually-hidden">Daily {metricWord} by model, UTC days</caption>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                {daily.series.map((name) => (
                  <th scope="col" key={name} title={name}>
                    {name === 'other' ? 'other' : shortModelName(name)}
                  </th>
                ))}
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p, i) => (
                <tr key={p.day} data-day={p.day}>
                  <th scope="row">{p.day}</th>
                  {valuesOf(i).map((v, s) => (
                    <td key={s}>{metric === 'tokens' ? exactNumber(v) : v}</td>
                  ))}
                  <td>{metric === 'tokens' ? exactNumber(p.tokens) : p.sessions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
