import { useId, type ReactNode } from 'react';

/**
 * A small "i" button whose explanation shows on hover and on keyboard focus (and is the button's
 * accessible description, so screen readers read it too).
 */
export function InfoTip({ label, children, testId, align = 'start' }: { label: string; children: ReactNode; testId?: string; align?: 'start' | 'end' }) {
  const id = useId();
  return (
    <span className={`infotip infotip-${align}`}>
      <button type="button" className="infotip-trigger" aria-label={label} aria-describedby={id} data-testid={testId}>
        i
      </button>
      <span role="tooltip" id={id} className="infotip-body">
        {children}
      </span>
    </span>
  );
}

/** Why the local figures are lower than a provider's bill (`hermes-statedb.md` §3, caveat). */
export const UNDER_REPORT_NOTE =
  'These figures come from what Hermes recorded in state.db. They under-report what providers bill: retries, fallback attempts and calls that returned no usage block are not recorded, and estimates use list prices (tiered pricing and routing surcharges are not known).';
