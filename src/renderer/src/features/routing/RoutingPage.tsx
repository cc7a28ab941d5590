import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RoutingState, RoutingTest } from '../../../../shared/contract/routing';
import type { AppErrorData } from '../../../../shared/errors';
import { useConfig } from '../../app/config-context';
import { Button } from '../../components/ui/Button';
import { Banner, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { Modal } from '../../components/ui/Modal';
import { useBackend, useResource } from '../../lib/hooks';
import { useUndo } from '../../lib/undo';
import { ConfigErrorView } from '../config/ConfigErrorView';
import { ModelPicker } from '../models/ModelPicker';
import { useModelCatalog } from '../models/use-model-catalog';
import { DelegationCard } from './DelegationCard';
import { PrecedencePanel, type TesterInput } from './PrecedencePanel';
import { ProfilesCard } from './ProfilesCard';
import { ProfilesWizard } from './ProfilesWizard';
import { RulesCard } from './RulesCard';
import { bodyFromDraft, draftFromState, sameBody, splitValues, type RoutingDraft } from './routing-draft';

type PickRequest = { title: string; current: { provider: string; model: string } | null; apply: (provider: string, model: string) => void };

/**
 * The Routing page: profiles, rules and delegation as one draft (saved in one backed-up write), the
 * precedence panel with the rule tester (which tests the draft on screen), the profiles wizard and
 * "Reset routing to defaults".
 */
export function RoutingPage() {
  const config = useConfig();
  const state = config.state;
  const routing = useResource('routing.get', {}, { refreshOn: ['config.changed', 'home.changed'], skip: !state || state.readOnly });
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Routing</h1>
          <div className="subtitle">Which model a chat or a delegated task runs on: profiles, rules and the delegation settings.</div>
        </div>
      </div>
      <Banner title="Which Hermes reads what" testId="routing-support-note">
        Current Hermes releases read <span className="mono">delegation.*</span> and the fallback sections. <span className="mono">model_profiles</span> and <span className="mono">model_routing</span> are read by Hermes builds that include routing profiles; older
        builds ignore them. Switchboard keeps them intact either way.
      </Banner>
      {config.error && <ErrorNotice error={config.error} title="Could not read config.yaml" />}
      {state && state.readOnly && <ConfigErrorView state={state} />}
      {routing.error && <ErrorNotice error={routing.error} title="Could not read the routing settings" actions={<Button onClick={() => void routing.reload()}>Try again</Button>} />}
      {state && !state.readOnly && !routing.data && !routing.error && <Loading />}
      {routing.data && state && !state.readOnly && <RoutingEditor state={routing.data} reload={routing.reload} />}
    </>
  );
}

function RoutingEditor({ state, reload }: { state: RoutingState; reload: () => Promise<unknown> }) {
  const client = useBackend();
  const config = useConfig();
  const undo = useUndo();
  const { options, refresh } = useModelCatalog();
  const loaded = useMemo(() => draftFromState(state), [state]);
  const [baseline, setBaseline] = useState<RoutingDraft>(loaded);
  const [draft, setDraft] = useState<RoutingDraft>(loaded);
  const dirty = !sameBody(draft, baseline);
  const [tester, setTester] = useState<TesterInput>({ toolsets: 'terminal, file', goal: '', profile: '' });
  const [test, setTest] = useState<{ key: string; result: RoutingTest } | null>(null);
  const [testing, setTesting] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<AppErrorData | null>(null);
  const [pick, setPick] = useState<PickRequest | null>(null);
  const [wizard, setWizard] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  const [resetting, setResetting] = useState(false);

  const dirtyRef = useRef(dirty);
  useEffect(() => {
    dirtyRef.current = dirty;
  });
  useEffect(() => {
    if (dirtyRef.current) return;
    setBaseline(loaded);
    setDraft(loaded);
  }, [loaded]);

  const { setDirty } = config;
  useEffect(() => {
    setDirty('routing', dirty);
    return () => setDirty('routing', false);
  }, [setDirty, dirty]);

  // The tester (and the draft's problems): re-run as the draft or the tester input changes.
  const body = bodyFromDraft(draft);
  const testKey = JSON.stringify({ body: dirty ? body : null, tester });
  useEffect(() => {
    let live = true;
    setTesting(true);
    const t = setTimeout(() => {
      const { body: b, tester: input } = JSON.parse(testKey) as { body: ReturnType<typeof bodyFromDraft> | null; tester: TesterInput };
      void client
        .call('routing.test', { toolsets: splitValues(input.toolsets), goal: input.goal, ...(input.profile !== '' && { model_profile: input.profile }), ...(b !== null && { draft: b }) })
        .then((r) => {
          if (!live) return;
          setTesting(false);
          if (r.ok) setTest({ key: testKey, result: r.data });
        });
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [client, testKey]);

  const result = test?.result ?? null;
  const problems = dirty ? (test && test.key === testKey ? test.result.problems : []) : state.problems;
  const checked = !dirty || (test !== null && test.key === testKey);
  const errors = problems.filter((p) => p.severity === 'error');
  const profileNames = draft.profiles.map((p) => p.name);

  const onPick = useCallback((title: string, current: { provider: string; model: string } | null, apply: (provider: string, model: string) => void) => setPick({ title, current, apply }), []);

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    const r = await client.call('routing.set', { ...body, baseHash: state.hash });
    setSaving(false);
    if (!r.ok) {
      setSaveError(r.error);
      return;
    }
    dirtyRef.current = false;
    setBaseline(draft);
    await config.reload();
    await reload();
    const rewrote = r.data.rewritten.length > 0 ? ` Written as Hermes expects: ${r.data.rewritten.map((w) => `${w.from} → ${w.to}`).join(', ')}.` : '';
    undo.notify({ kind: r.data.changed ? 'ok' : 'info', title: r.data.changed ? 'Routing saved' : 'Nothing changed', body: `${r.data.summary}.${rewrote}`, backupId: r.data.changed ? r.data.backupId : null });
  };

  const reset = async () => {
    setResetting(true);
    const r = await client.call('routing.reset', { baseHash: state.hash });
    setResetting(false);
    setConfirmReset(false);
    if (!r.ok) {
      setSaveError(r.error);
      return;
    }
    dirtyRef.current = false;
    await config.reload();
    await reload();
    undo.notify({ kind: r.data.changed ? 'ok' : 'info', title: r.data.changed ? 'Routing reset to defaults' : 'Routing was already at its defaults', body: r.data.changed ? `${r.data.summary}.` : 'Nothing was written.', backupId: r.data.changed ? r.data.backupId : null });
  };

  const reloadDraft = async () => {
    setSaveError(null);
    dirtyRef.current = false;
    setDraft(loaded);
    setBaseline(loaded);
    await config.reload();
    await reload();
  };

  const hasRouting = Object.keys(state.model_profiles).length > 0 || Object.keys(state.model_routing).length > 0 || state.delegation.model_profile !== '';

  return (
    <>
      <ProfilesCard
        profiles={draft.profiles}
        primary={{ provider: state.primary.provider, model: state.primary.model }}
        problems={problems}
        options={options.data}
        onChange={(profiles) => setDraft((d) => ({ ...d, profiles }))}
        onPick={onPick}
        actions={
          <>
            <Button size="sm" onClick={() => setWizard(true)} disabled={dirty} title={dirty ? 'Save or discard your changes first' : 'Propose a model per profile from your providers'} data-testid="wizard-open">
              Set up with wizard…
            </Button>
            <Button size="sm" variant="danger" onClick={() => setConfirmReset(true)} disabled={dirty || !hasRouting} title={!hasRouting ? 'Nothing to reset' : dirty ? 'Save or discard your changes first' : undefined} data-testid="routing-reset">
              Reset to defaults…
            </Button>
          </>
        }
      />
      <RulesCard rules={draft.rules} profileNames={profileNames} problems={problems} firedRule={result?.decided_by === 'routing_rule' ? (result.rule?.index ?? null) : null} onChange={(rules) => setDraft((d) => ({ ...d, rules }))} />
      <DelegationCard delegation={draft.delegation} profileNames={profileNames} otherKeys={state.delegation_other_keys} problems={problems} options={options.data} onChange={(delegation) => setDraft((d) => ({ ...d, delegation }))} onPick={onPick} />

      <div className={`save-bar${dirty ? ' dirty' : ''}`} data-testid="routing-save-bar">
        <span className="small">
          {dirty ? (
            errors.length > 0 ? (
              <span className="danger-text" data-testid="routing-blocked">
                {errors.length === 1 ? '1 error' : `${errors.length} errors`} to fix before saving: {errors[0]!.where} — {errors[0]!.message}
              </span>
            ) : (
              'Unsaved changes to profiles, rules or delegation.'
            )
          ) : (
            <span className="muted">All changes saved. Every save takes a backup first (reason “routing”).</span>
          )}
        </span>
        <Button onClick={() => setDraft(baseline)} disabled={!dirty || saving} data-testid="routing-discard">
          Discard
        </Button>
        <Button variant="primary" busy={saving} disabled={!dirty || errors.length > 0 || !checked} onClick={() => void save()} data-testid="routing-save">
          Save routing
        </Button>
      </div>
      {saveError && (
        <ErrorNotice
          error={saveError}
          title={saveError.code === 'CONFIG_CONFLICT' ? 'config.yaml changed outside Switchboard' : 'Routing was not saved'}
          actions={
            saveError.code === 'CONFIG_CONFLICT' ? (
              <Button onClick={() => void reloadDraft()} data-testid="routing-reload">
                Reload
              </Button>
            ) : undefined
          }
        />
      )}

      <PrecedencePanel input={tester} onInput={setTester} result={result} busy={testing} profileNames={profileNames} heuristic={state.heuristic} />

      <ProfilesWizard
        open={wizard}
        onOpenChange={setWizard}
        state={state}
        onPick={onPick}
        onWritten={(summary, backupId) => {
          void config.reload();
          void reload();
          undo.notify({ kind: 'ok', title: 'Profiles written', body: summary, backupId });
        }}
      />
      <Modal
        open={confirmReset}
        onOpenChange={setConfirmReset}
        title="Reset routing to defaults?"
        description="Removes model_profiles and model_routing and clears delegation.model_profile. The other delegation settings stay. A backup is taken first, and Undo restores it."
        testId="reset-confirm"
        footer={
          <>
            <Button onClick={() => setConfirmReset(false)}>Cancel</Button>
            <Button variant="danger-solid" busy={resetting} onClick={() => void reset()} data-testid="reset-confirm-yes">
              Reset routing
            </Button>
          </>
        }
      />
      <ModelPicker
        open={pick !== null}
        onOpenChange={(o) => !o && setPick(null)}
        title={pick?.title ?? ''}
        description="The provider and model this profile (or setting) uses."
        target={{ kind: 'main' }}
        options={options.data}
        optionsError={options.error}
        current={pick?.current ?? null}
        applyLabel="Use this model"
        onApply={async (provider, model) => {
          pick?.apply(provider, model);
          return true;
        }}
        onRefresh={refresh}
        busy={false}
      />
    </>
  );
}
