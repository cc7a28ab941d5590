import { useEffect, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import type { ParseErrorSchema } from '../../../../shared/contract/common';
import { useConfig } from '../../app/config-context';
import { Button } from '../../components/ui/Button';
import { Banner, ErrorNotice, Loading } from '../../components/ui/Feedback';
import { Modal } from '../../components/ui/Modal';
import { useAction, useBackend } from '../../lib/hooks';
import { useToast } from '../../lib/toasts';

type ParseError = z.infer<typeof ParseErrorSchema>;

/**
 * A plain-text editor for a broken config.yaml. Secrets come masked (placeholders go back to the
 * real values on save), the text is validated as you type, and Save stays disabled until it
 * parses. Saving takes a backup of the broken file first.
 */
export function RepairEditor({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const client = useBackend();
  const config = useConfig();
  const toast = useToast();
  const save = useAction('config.saveRaw');
  const [loaded, setLoaded] = useState<{ hash: string; masked: number } | null>(null);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<ParseError | null>(null);
  const [checking, setChecking] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const gutter = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    setLoaded(null);
    setLoadError(null);
    void client.call('config.readRaw').then((r) => {
      if (!r.ok) return setLoadError(r.error.message);
      setText(r.data.text);
      setProblem(r.data.parseError);
      setLoaded({ hash: r.data.hash, masked: r.data.maskedSecrets });
    });
  }, [open, client]);

  useEffect(() => {
    config.setDirty('repair-editor', open);
    return () => config.setDirty('repair-editor', false);
  }, [open, config]);

  useEffect(() => {
    if (!loaded) return;
    setChecking(true);
    const t = setTimeout(() => {
      void client.call('config.validateRaw', { text }).then((r) => {
        setChecking(false);
        if (r.ok) setProblem(r.data.parseError);
      });
    }, 250);
    return () => clearTimeout(t);
  }, [text, loaded, client]);

  const lineCount = useMemo(() => text.split('\n').length, [text]);

  const onSave = async () => {
    if (!loaded) return;
    const result = await save.run({ text, baseHash: loaded.hash });
    if (result.ok) {
      toast.show({ kind: 'ok', title: 'config.yaml repaired', body: 'The broken version was kept as a backup.' });
      onOpenChange(false);
      await config.reload();
    }
  };

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      wide
      testId="repair-editor"
      title="Repair config.yaml"
      description="Fix the YAML below. It is checked as you type; Save is enabled once it parses."
      footer={
        <>
          <span className="left small" data-testid="repair-status">
            {checking ? 'Checking…' : problem ? `Line ${problem.line}, column ${problem.column}: ${problem.message}` : 'Valid YAML'}
          </span>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button variant="primary" disabled={!loaded || !!problem || checking} busy={save.pending} onClick={() => void onSave()} data-testid="repair-save">
            Save
          </Button>
        </>
      }
    >
      {loadError && <Banner tone="danger" title="Could not load the file">{loadError}</Banner>}
      {save.error && <ErrorNotice error={save.error} title="Not saved" />}
      {!loaded && !loadError && <Loading />}
      {loaded && (
        <>
          {loaded.masked > 0 && (
            <p className="small muted" style={{ marginTop: 0 }}>
              {loaded.masked} secret value{loaded.masked === 1 ? ' is' : 's are'} shown as placeholders; they are put back when you save.
            </p>
          )}
          <div className="editor" style={{ height: 'calc(100% - 28px)' }}>
            <div className="editor-gutter" ref={gutter} aria-hidden="true">
              {Array.from({ length: lineCount }, (_, i) => (
                <div key={i} className={problem?.line === i + 1 ? 'bad' : undefined}>
                  {i + 1}
                </div>
              ))}
            </div>
            <textarea
              aria-label="config.yaml text"
              data-testid="repair-text"
              spellCheck={false}
              value={text}
              rows={lineCount}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Tab') {
                  // Tab inserts two spaces (YAML forbids tab indentation); Esc still closes.
                  e.preventDefault();
                  const el = e.currentTarget;
                  const { selectionStart: s, selectionEnd: en } = el;
                  const next = text.slice(0, s) + '  ' + text.slice(en);
                  setText(next);
                  requestAnimationFrame(() => el.setSelectionRange(s + 2, s + 2));
                }
              }}
            />
          </div>
        </>
      )}
    </Modal>
  );
}
