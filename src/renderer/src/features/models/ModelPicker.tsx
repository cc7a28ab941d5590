import * as Dialog from '@radix-ui/react-dialog';
import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { CatalogStatus, ModelOptions, PickerModel, ProviderOption } from '../../../../shared/contract/models';
import type { AppErrorData } from '../../../../shared/errors';
import { bestProvider, buildPickerIndex, filterPicker, highlightParts, type Range } from '../../../../shared/models/picker-filter';
import { Button } from '../../components/ui/Button';
import { Badge, ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { relativeTime } from '../../lib/format';
import { findProviderRow, fitWarnings, formatContext, formatPrice, type PickerTarget } from './model-format';
import { RichHint } from './RichHint';

export interface ModelPickerProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  target: PickerTarget;
  options: ModelOptions | undefined;
  optionsError: AppErrorData | null;
  /** The slot's current value as written in config.yaml (provider may be an alias). */
  current: { provider: string; model: string } | null;
  /** The slot is auto (uses the main model): with `onAuto`, the picker opens on its auto entry. */
  currentAuto?: boolean;
  /** Label of the apply button. */
  applyLabel: string;
  /** Write the choice; resolve true when done (the picker closes), false to stay open. */
  onApply: (provider: string, model: string) => Promise<boolean>;
  /** Auxiliary slots: "use the main model" (provider auto). */
  onAuto?: () => Promise<boolean>;
  onRefresh: () => Promise<void>;
  busy: boolean;
}

const ROW_H = 52;
/** What may be offered as a typed provider id (a registry id, `custom:<name>`, a `providers:` key). */
const PROVIDER_ID = /^[a-z0-9][a-z0-9._:-]{1,80}$/i;
const OVERSCAN = 8;

function Highlight({ text, ranges }: { text: string; ranges: readonly Range[] }) {
  if (ranges.length === 0) return <>{text}</>;
  return (
    <>
      {highlightParts(text, ranges).map((part, i) =>
        part.hit ? (
          <mark key={i} className="hl">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

/** One line about where a provider's list comes from and how fresh it is. */
export function catalogLine(status: CatalogStatus, authenticated: boolean): { tone: 'ok' | 'warn' | 'muted' | 'busy'; text: string } {
  const when = status.fetchedAt ? relativeTime(status.fetchedAt) : '';
  switch (status.state) {
    case 'fresh':
      return { tone: 'ok', text: `Live list · updated ${when}${status.refreshing ? ' · refreshing…' : ''}` };
    case 'stale':
      return status.error
        ? { tone: 'warn', text: `Cached list from ${when} · refresh failed: ${status.error.message}` }
        : { tone: status.refreshing ? 'busy' : 'muted', text: `Cached list from ${when}${status.refreshing ? ' · refreshing…' : ''}` };
    case 'loading':
      return { tone: 'busy', text: 'Fetching the live list… (the bundled list is shown meanwhile)' };
    case 'failed':
      return { tone: 'warn', text: `Live list unavailable: ${status.error?.message ?? 'unknown error'} — showing the bundled list` };
    case 'curated':
      return { tone: 'muted', text: authenticated ? `Bundled list · ${status.reason ?? 'no live list'}` : 'Bundled list' };
  }
}

function ModelBadges({ model, minimum }: { model: PickerModel; minimum: number }) {
  const estimate = model.contextSource === 'estimate';
  const small = !estimate && model.contextWindow !== undefined && model.contextWindow < minimum;
  return (
    <span className="pm-badges">
      {model.contextWindow !== undefined && (
        <span
          className={`chip${small ? ' chip-warn' : ''}${estimate ? ' chip-faint' : ''}`}
          title={estimate ? "Estimated from the model family (Hermes's fallback table)" : `Context window (${model.contextSource ?? 'catalog'})`}
        >
          {estimate ? '~' : ''}
          {formatContext(model.contextWindow)}
        </span>
      )}
      {model.capabilities.tools === true && (
        <span className="chip cap" title="Tool calls">
          tools
        </span>
      )}
      {model.capabilities.vision === true && (
        <span className="chip cap" title="Image input">
          vision
        </span>
      )}
      {model.capabilities.reasoning === true && (
        <span className="chip cap" title="Reasoning">
          reasoning
        </span>
      )}
      {model.pricing && (
        <span
          className="chip price"
          title={`USD per million input / output tokens — ${
            model.pricingSource === 'live'
              ? "from the provider's live model list"
              : model.pricingSource === 'hermes-cache'
                ? "from Hermes's models.dev cache"
                : "from Switchboard's bundled snapshot (may be out of date)"
          }`}
        >
          {model.pricing.input === 0 && model.pricing.output === 0 ? 'free' : `${formatPrice(model.pricing.input)} / ${formatPrice(model.pricing.output)}`}
        </span>
      )}
    </span>
  );
}

/**
 * The model picker: providers on the left (set up first; "show all" adds the rest with how to set
 * them up), that provider's models on the right with context, capability and price badges. Type to
 * filter (provider name, slug, model id; matches highlighted), ↑/↓ within a pane, ←/→ or Tab
 * between panes, Enter or double-click applies, Esc closes.
 *
 * It opens on the slot's current value — the current provider and model, or for an auxiliary task on
 * auto its "auto (use main model)" entry — and nothing is applied until the person has chosen: Enter in
 * the filter right after opening changes nothing. Typing, moving in a list, or clicking is a choice;
 * Enter inside the models list applies the row under the cursor.
 */
export function ModelPicker(props: ModelPickerProps) {
  const { open, options, current, target } = props;
  const [query, setQuery] = useState('');
  const [showAll, setShowAll] = useState(false);
  const [providerSlug, setProviderSlug] = useState<string | null>(null);
  /** The user chose the provider since the query last changed (else the best match is shown). */
  const [explicitProvider, setExplicitProvider] = useState(false);
  const [modelPos, setModelPos] = useState(0);
  const [customId, setCustomId] = useState('');
  const [refreshing, setRefreshing] = useState(false);
  const [applying, setApplying] = useState(false);
  /** The person picked something since the picker opened (typed, moved, clicked). */
  const [hasChoice, setHasChoice] = useState(false);
  /** The "auto (use main model)" entry is selected (auxiliary slots only). */
  const [autoSelected, setAutoSelected] = useState(false);
  /** Enter was pressed with nothing chosen: say why nothing happened. */
  const [nudge, setNudge] = useState(false);
  /** A provider id typed by the person that Switchboard does not list (checked before writing). */
  const [typedProvider, setTypedProvider] = useState<string | null>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const providersRef = useRef<HTMLDivElement>(null);
  const modelsRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(420);
  const minimum = options?.minimum_context_length ?? 64_000;

  const currentRow = useMemo(() => (current ? findProviderRow(options, current.provider) : undefined), [options, current]);

  const { mine, others } = useMemo(() => {
    const rows = options?.providers ?? [];
    const isMine = (r: ProviderOption) => r.authenticated || r.is_current || r.slug === currentRow?.slug;
    return { mine: rows.filter(isMine), others: rows.filter((r) => !isMine(r)) };
  }, [options, currentRow]);
  const visible = useMemo(() => (showAll ? [...mine, ...others] : mine), [showAll, mine, others]);
  const index = useMemo(() => buildPickerIndex(visible.map((r) => ({ slug: r.slug, name: r.name, models: r.model_details }))), [visible]);
  const results = useMemo(() => filterPicker(index, query), [index, query]);
  const hiddenIndex = useMemo(() => (showAll ? null : buildPickerIndex(others.map((r) => ({ slug: r.slug, name: r.name, models: r.model_details })))), [showAll, others]);
  const hiddenMatches = useMemo(() => (hiddenIndex && query.trim() !== '' ? filterPicker(hiddenIndex, query).length : 0), [hiddenIndex, query]);

  const chosen = results.find((p) => p.slug === providerSlug);
  const selected = (query.trim() !== '' && !explicitProvider ? bestProvider(results) : chosen) ?? chosen ?? results[0];
  const selectedRow = selected ? visible[selected.index] : undefined;
  const modelMatches = useMemo(() => selected?.models ?? [], [selected]);
  const pos = Math.min(modelPos, Math.max(0, modelMatches.length - 1));
  const highlighted = modelMatches[pos];
  const highlightedModel = highlighted && selectedRow ? selectedRow.model_details[highlighted.index] : undefined;

  // Reset when opened: start on the current provider and model.
  useEffect(() => {
    if (!open) return;
    setQuery('');
    setCustomId('');
    setShowAll(false);
    setExplicitProvider(false);
    setHasChoice(false);
    setNudge(false);
    setTypedProvider(null);
    setAutoSelected(props.onAuto !== undefined && props.currentAuto === true);
    setProviderSlug(currentRow?.slug ?? null);
    const at = currentRow && current ? currentRow.model_details.findIndex((m) => m.id === current.model) : -1;
    setModelPos(Math.max(0, at));
    setScrollTop(Math.max(0, at * ROW_H - 120));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on opening
  }, [open]);

  useLayoutEffect(() => {
    const el = modelsRef.current;
    if (!el) return;
    if (Math.abs(el.scrollTop - scrollTop) > 1) el.scrollTop = scrollTop;
  }, [scrollTop, selected?.slug]);

  useLayoutEffect(() => {
    const el = modelsRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight || 420));
    ro.observe(el);
    setViewport(el.clientHeight || 420);
    return () => ro.disconnect();
  }, [open, selected?.slug]);

  // Keep the selected provider in view when the keyboard moves it.
  const selectedIndex = selected?.index;
  useEffect(() => {
    if (selectedIndex === undefined) return;
    document.getElementById(`pp-${selectedIndex}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedIndex]);

  const ensureVisible = (p: number) => {
    const top = p * ROW_H;
    if (top < scrollTop) setScrollTop(top);
    else if (top + ROW_H > scrollTop + viewport) setScrollTop(top + ROW_H - viewport);
  };

  const choose = () => {
    setHasChoice(true);
    setNudge(false);
  };

  const selectProvider = (slug: string) => {
    choose();
    setAutoSelected(false);
    setProviderSlug(slug);
    setExplicitProvider(true);
    setModelPos(0);
    setScrollTop(0);
  };

  const selectAuto = () => {
    choose();
    setAutoSelected(true);
  };

  const moveModel = (to: number) => {
    if (modelMatches.length === 0) return;
    choose();
    const p = Math.max(0, Math.min(modelMatches.length - 1, to));
    setModelPos(p);
    ensureVisible(p);
  };

  const moveProvider = (delta: number) => {
    if (results.length === 0 || !selected) return;
    if (autoSelected) {
      if (delta > 0 && results[0]) selectProvider(results[0].slug);
      return;
    }
    const at = results.findIndex((p) => p.slug === selected.slug);
    if (at === 0 && delta < 0 && props.onAuto) {
      selectAuto();
      return;
    }
    const next = results[Math.max(0, Math.min(results.length - 1, at + delta))];
    if (next) selectProvider(next.slug);
  };

  const apply = async (provider: string, model: string) => {
    if (applying || model.trim() === '') return;
    setApplying(true);
    try {
      if (await props.onApply(provider, model.trim())) props.onOpenChange(false);
    } finally {
      setApplying(false);
    }
  };

  const applyAuto = () => {
    if (applying || !props.onAuto) return;
    setApplying(true);
    void props
      .onAuto()
      .then((done) => done && props.onOpenChange(false))
      .finally(() => setApplying(false));
  };

  const applyHighlighted = () => {
    if (autoSelected) {
      // Choosing auto for a slot that is already auto changes nothing.
      if (props.currentAuto) props.onOpenChange(false);
      else applyAuto();
      return;
    }
    if (selectedRow && highlightedModel) void apply(selectedRow.slug, highlightedModel.id);
  };

  /** Enter where the cursor may not be a choice (the filter): only after the person has chosen. */
  const applyChosen = () => {
    if (!hasChoice) {
      setNudge(true);
      return;
    }
    applyHighlighted();
  };

  const typeInto = (e: KeyboardEvent) => {
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      choose();
      setAutoSelected(false);
      setQuery((q) => q + e.key);
      setExplicitProvider(false);
      setModelPos(0);
      filterRef.current?.focus();
      return true;
    }
    if (e.key === 'Backspace') {
      e.preventDefault();
      setQuery((q) => q.slice(0, -1));
      filterRef.current?.focus();
      return true;
    }
    return false;
  };

  const onFilterKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      modelsRef.current?.focus();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      applyChosen();
    }
  };

  const onProvidersKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      moveProvider(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      const at = results.findIndex((p) => p.slug === selected?.slug);
      if (autoSelected || (at <= 0 && !props.onAuto)) filterRef.current?.focus();
      else moveProvider(-1);
    } else if (e.key === 'Enter' && autoSelected) {
      e.preventDefault();
      choose();
      applyHighlighted();
    } else if (e.key === 'ArrowRight' || e.key === 'Enter') {
      e.preventDefault();
      if (!autoSelected) modelsRef.current?.focus();
    } else if (e.key === 'Home') {
      e.preventDefault();
      if (results[0]) selectProvider(results[0].slug);
    } else if (e.key === 'End') {
      e.preventDefault();
      const last = results[results.length - 1];
      if (last) selectProvider(last.slug);
    } else typeInto(e);
  };

  const onModelsKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(viewport / ROW_H) - 1);
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      moveModel(pos + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (pos === 0) filterRef.current?.focus();
      else moveModel(pos - 1);
    } else if (e.key === 'PageDown') {
      e.preventDefault();
      moveModel(pos + page);
    } else if (e.key === 'PageUp') {
      e.preventDefault();
      moveModel(pos - page);
    } else if (e.key === 'Home') {
      e.preventDefault();
      moveModel(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      moveModel(modelMatches.length - 1);
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      providersRef.current?.focus();
    } else if (e.key === 'Enter') {
      // The cursor in the models list is the person's own choice.
      e.preventDefault();
      choose();
      applyHighlighted();
    } else typeInto(e);
  };

  const start = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const end = Math.min(modelMatches.length, Math.ceil((scrollTop + viewport) / ROW_H) + OVERSCAN);
  const isCurrent = (slug: string, model?: string) =>
    currentRow !== undefined && currentRow.slug === slug && (model === undefined || current?.model === model);
  const warnings = fitWarnings(target, options, selectedRow, highlightedModel);
  const anyRefreshing = refreshing || (options?.providers ?? []).some((p) => p.catalog.refreshing);
  const status = selectedRow ? catalogLine(selectedRow.catalog, selectedRow.authenticated) : null;
  const optionId = (p: number) => `pm-opt-${p}`;

  let body: ReactNode;
  if (props.optionsError && !options) {
    body = (
      <div className="picker-error">
        <ErrorNotice error={props.optionsError} title="Could not load providers" />
      </div>
    );
  } else if (!options) {
    body = (
      <div className="loading-row" role="status">
        <Spinner /> Loading providers…
      </div>
    );
  } else {
    body = (
      <div className="picker-panes">
        <div className="picker-providers-pane">
          <div className="pp-head">
            <span className="pp-head-label">{showAll ? `All providers · ${visible.length}` : `Set up · ${mine.length}`}</span>
            <button type="button" className="picker-show-all" data-testid="picker-show-all" aria-pressed={showAll} onClick={() => setShowAll((v) => !v)}>
              {showAll ? 'Only set up' : `Show all (${others.length} more)`}
            </button>
            {!showAll && hiddenMatches > 0 && (
              <span className="badge badge-accent" data-testid="picker-hidden-matches" title="Providers that are not set up also match">
                +{hiddenMatches}
              </span>
            )}
          </div>
          <div
            className="picker-list"
            role="listbox"
            aria-label="Providers"
            tabIndex={0}
            ref={providersRef}
            onKeyDown={onProvidersKey}
            aria-activedescendant={autoSelected ? 'pp-auto' : selected ? `pp-${selected.index}` : undefined}
            data-testid="picker-providers"
          >
            {props.onAuto && (
              <div
                id="pp-auto"
                role="option"
                aria-selected={autoSelected}
                className={`pp-item pp-auto${autoSelected ? ' active' : ''}`}
                data-testid="picker-auto-entry"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  selectAuto();
                  providersRef.current?.focus();
                }}
                onDoubleClick={() => {
                  selectAuto();
                  if (props.currentAuto) props.onOpenChange(false);
                  else applyAuto();
                }}
              >
                <div className="pp-name">
                  <span className="dot on" aria-hidden="true" />
                  <span className="pp-label">auto (use main model)</span>
                  {props.currentAuto && <Badge tone="accent">current</Badge>}
                </div>
                <div className="pp-meta">
                  <span>provider: auto · the main model first</span>
                </div>
              </div>
            )}
            {results.length === 0 && (
              <div className="picker-empty">
                No provider matches “{query}”.
                {PROVIDER_ID.test(query.trim()) && (
                  <button
                    type="button"
                    className={`btn btn-sm picker-typed-provider${typedProvider === query.trim() ? ' active' : ''}`}
                    onClick={() => {
                      choose();
                      setAutoSelected(false);
                      setTypedProvider(query.trim());
                    }}
                    data-testid="picker-use-provider-id"
                  >
                    Use “{query.trim()}” as the provider id…
                  </button>
                )}
              </div>
            )}
            {results.map((p, ri) => {
              const row = visible[p.index]!;
              const firstOther = showAll && !mine.includes(row) && (ri === 0 || mine.includes(visible[results[ri - 1]!.index]!));
              const active = p.slug === selected?.slug && !autoSelected;
              const busy = row.catalog.refreshing || row.catalog.state === 'loading';
              const failed = row.catalog.state === 'failed' || (row.catalog.state === 'stale' && row.catalog.error !== undefined);
              const count = query.trim() === '' ? row.model_details.length : p.models.length;
              return (
                <Fragment key={row.slug}>
                  {firstOther && (
                    <div className="pp-group" role="presentation">
                      Not set up — pick one to see how
                    </div>
                  )}
                  <div
                    id={`pp-${p.index}`}
                    role="option"
                    aria-selected={active}
                    className={`pp-item${active ? ' active' : ''}${row.authenticated ? '' : ' unauth'}`}
                    data-testid="picker-provider"
                    data-slug={row.slug}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => {
                      selectProvider(row.slug);
                      providersRef.current?.focus();
                    }}
                  >
                    <div className="pp-name">
                      <span className={`dot${row.authenticated ? ' on' : ''}`} aria-hidden="true" />
                      <span className="pp-label">
                        <Highlight text={row.name} ranges={p.nameRanges} />
                      </span>
                      {isCurrent(row.slug) && <Badge tone="accent">current</Badge>}
                    </div>
                    <div className="pp-meta">
                      <span className="mono">
                        <Highlight text={row.slug} ranges={p.slugRanges} />
                      </span>
                      <span>
                        · {count} {count === 1 ? 'model' : 'models'}
                      </span>
                      {busy && <Spinner />}
                      {failed && !busy && (
                        <span className="pp-failed" title={row.catalog.error?.message}>
                          ⚠
                        </span>
                      )}
                      {!row.authenticated && <span className="pp-unauth">not set up</span>}
                    </div>
                  </div>
                </Fragment>
              );
            })}
          </div>
        </div>
        <div className="picker-models-pane">
          {autoSelected && (
            <div className="pm-auto" data-testid="picker-auto-info">
              <strong>auto (use main model)</strong>
              <p className="small muted">
                Hermes runs this task on the main model{options?.model ? ` (${options.provider} · ${options.model})` : ''} first, then its own discovery chain. Written as <span className="mono">provider: auto</span>,{' '}
                <span className="mono">model: ''</span>; the task&apos;s own base URL and key are removed, its timeout and other settings stay.
              </p>
              {props.currentAuto ? <p className="small">This task is on auto now.</p> : <p className="small">Press Enter or “Use main model (auto)” to switch this task to auto.</p>}
            </div>
          )}
          {!autoSelected && typedProvider !== null && results.length === 0 && (
            <div className="pm-header" data-testid="picker-typed-header">
              <div className="pm-title">
                <strong className="mono">{typedProvider}</strong>
                <span className="faint">not a provider Switchboard knows</span>
              </div>
              <div className="pm-status pm-status-warn">Hermes accepts it if it is a newer built-in provider or a providers: key. Type the model id below; you are asked before anything is written.</div>
            </div>
          )}
          {!autoSelected && selectedRow && (
            <div className="pm-header">
              <div className="pm-title">
                <strong>{selectedRow.name}</strong>
                <span className="mono faint">{selectedRow.slug}</span>
              </div>
              {status && (
                <div className={`pm-status pm-status-${status.tone}`} data-testid="picker-catalog-status">
                  {status.tone === 'busy' && <Spinner />}
                  {status.text}
                </div>
              )}
              {!selectedRow.authenticated && (
                <div className="pm-auth" data-testid="picker-auth-hint">
                  <strong>Not set up.</strong> <RichHint text={selectedRow.auth.hint} />
                </div>
              )}
            </div>
          )}
          {!autoSelected && (
            <>
          <div
            className="picker-list pm-list"
            role="listbox"
            aria-label={selectedRow ? `Models of ${selectedRow.name}` : 'Models'}
            tabIndex={0}
            ref={modelsRef}
            id="picker-models-list"
            onKeyDown={onModelsKey}
            onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
            aria-activedescendant={highlighted ? optionId(pos) : undefined}
            data-testid="picker-models"
          >
            {modelMatches.length === 0 && (
              <div className="picker-empty">
                {selectedRow && selectedRow.model_details.length === 0 ? 'No bundled list for this provider. Type a model id below.' : 'No model matches. Type a model id below to use it anyway.'}
              </div>
            )}
            <div style={{ height: modelMatches.length * ROW_H, position: 'relative' }}>
              {modelMatches.slice(start, end).map((m, i) => {
                const p = start + i;
                const model = selectedRow!.model_details[m.index]!;
                const active = p === pos;
                return (
                  <div
                    key={model.id}
                    id={optionId(p)}
                    role="option"
                    aria-selected={active}
                    className={`pm-item${active ? ' active' : ''}`}
                    style={{ top: p * ROW_H, height: ROW_H }}
                    data-testid="picker-model"
                    data-model-id={model.id}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => {
                      setModelPos(p);
                      modelsRef.current?.focus();
                    }}
                    onDoubleClick={() => void apply(selectedRow!.slug, model.id)}
                  >
                    <div className="pm-main">
                      <div className="pm-id">
                        <span className="pm-id-text">
                          <Highlight text={model.id} ranges={m.ranges} />
                        </span>
                        {isCurrent(selectedRow!.slug, model.id) && <Badge tone="accent">current</Badge>}
                      </div>
                      <div className="pm-sub">
                        {[model.label, model.description, model.source === 'live' ? 'live' : model.source === 'config' ? 'from config.yaml' : null].filter(Boolean).join(' · ')}
                      </div>
                    </div>
                    <ModelBadges model={model} minimum={minimum} />
                  </div>
                );
              })}
            </div>
          </div>
          <form
            className="pm-custom"
            onSubmit={(e) => {
              e.preventDefault();
              const target = typedProvider !== null && results.length === 0 ? typedProvider : selectedRow?.slug;
              if (target) void apply(target, customId);
            }}
          >
            <input
              className="input mono"
              placeholder={typedProvider !== null && results.length === 0 ? `Model id for ${typedProvider}…` : selectedRow ? `Another model id for ${selectedRow.name}…` : 'Model id…'}
              aria-label="Custom model id"
              value={customId}
              onChange={(e) => setCustomId(e.target.value)}
              data-testid="picker-custom-input"
              spellCheck={false}
              autoComplete="off"
            />
            <Button type="submit" size="sm" disabled={(!selectedRow && !(typedProvider !== null && results.length === 0)) || customId.trim() === '' || applying} data-testid="picker-custom-use">
              Use this id
            </Button>
          </form>
            </>
          )}
        </div>
      </div>
    );
  }

  return (
    <Dialog.Root open={open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog dialog-wide picker"
          data-testid="model-picker"
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            filterRef.current?.focus();
          }}
        >
          <div className="picker-head">
            <div>
              <Dialog.Title asChild>
                <h2>{props.title}</h2>
              </Dialog.Title>
              <Dialog.Description asChild>
                <p>{props.description}</p>
              </Dialog.Description>
            </div>
            <div className="picker-search">
              <span className="picker-search-icon" aria-hidden="true">
                ⌕
              </span>
              <input
                ref={filterRef}
                className="input"
                type="search"
                placeholder="Filter providers and models…"
                aria-label="Filter providers and models"
                aria-controls="picker-models-list"
                value={query}
                onChange={(e) => {
                  setTypedProvider(null);
                  if (e.target.value.trim() !== '') {
                    choose();
                    setAutoSelected(false);
                  }
                  setQuery(e.target.value);
                  setExplicitProvider(false);
                  setModelPos(0);
                  setScrollTop(0);
                }}
                onKeyDown={onFilterKey}
                data-testid="picker-filter"
                spellCheck={false}
                autoComplete="off"
              />
              <span className="picker-keys faint small" aria-hidden="true">
                <span className="kbd">↑</span>
                <span className="kbd">↓</span> move <span className="kbd">←</span>
                <span className="kbd">→</span> panes <span className="kbd">Enter</span> apply <span className="kbd">Esc</span> close
              </span>
            </div>
          </div>
          {body}
          <div className="picker-foot">
            <div className="picker-selection">
              {!hasChoice ? (
                <div data-testid="picker-current">
                  <div className="mono">
                    Current: {props.currentAuto ? 'auto (use main model)' : current ? `${currentRow?.slug ?? current.provider} · ${current.model || '(provider default)'}` : 'none'}
                  </div>
                  <div className={nudge ? 'picker-note warn-text' : 'faint small'} data-testid="picker-nudge" role={nudge ? 'status' : undefined}>
                    {nudge ? 'Nothing chosen yet, so nothing was changed. Type to filter or use ↑ ↓ to pick.' : 'Type to filter or use ↑ ↓ to pick; Enter applies what you pick.'}
                  </div>
                </div>
              ) : autoSelected ? (
                <div className="mono" data-testid="picker-selection">
                  auto (use main model)
                </div>
              ) : selectedRow && highlightedModel ? (
                <>
                  <div className="mono" data-testid="picker-selection">
                    {selectedRow.slug} · {highlightedModel.id}
                  </div>
                  {highlightedModel.writeAs !== undefined && (
                    <div className="picker-note" data-testid="picker-writes-as">
                      Written as <span className="mono">{highlightedModel.writeAs}</span>, the id {selectedRow.name} expects.
                    </div>
                  )}
                  {warnings.map((w) => (
                    <div key={`${w.id}-${w.level}`} className={`picker-warning${w.id === 'expensive' || w.level === 'unknown' ? ' info' : ''}`} data-testid={`picker-warning-${w.id}`} data-level={w.level}>
                      {w.level === 'unknown' ? '?' : '⚠'} <RichHint text={w.text} />
                    </div>
                  ))}
                </>
              ) : (
                <div className="faint">Pick a model</div>
              )}
            </div>
            <div className="picker-actions">
              <Button
                variant="ghost"
                busy={anyRefreshing}
                data-testid="picker-refresh"
                title="Fetch every provider's live model list again"
                onClick={() => {
                  setRefreshing(true);
                  void props.onRefresh().finally(() => setRefreshing(false));
                }}
              >
                Refresh models
              </Button>
              <Dialog.Close asChild>
                <Button>Cancel</Button>
              </Dialog.Close>
              {props.onAuto && (
                <Button data-testid="picker-auto" disabled={applying || props.currentAuto === true} title={props.currentAuto ? 'This task is on auto already' : undefined} onClick={applyAuto}>
                  Use main model (auto)
                </Button>
              )}
              <Button
                variant="primary"
                busy={applying || props.busy}
                disabled={!hasChoice || (autoSelected ? props.currentAuto === true : !highlightedModel)}
                onClick={applyHighlighted}
                data-testid="picker-apply"
              >
                {props.applyLabel}
              </Button>
            </div>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
