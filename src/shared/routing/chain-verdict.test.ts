import { describe, expect, it } from 'vitest';
import { chainVerdicts } from './chain-verdict';

const r = (cls: 'ok' | 'timeout' | 'auth_invalid' | 'skipped' | 'cancelled') => ({ class: cls });

describe('chain verdicts (which entry would serve now)', () => {
  it('the first healthy entry serves; dead and skipped entries before it are passed over', () => {
    expect(chainVerdicts([{ skip: 'same as primary', result: null }, { skip: null, result: r('timeout') }, { skip: null, result: r('ok') }, { skip: null, result: r('ok') }])).toEqual({
      verdicts: ['skipped', 'dead', 'serves', 'standby'],
      serving: 2,
    });
  });

  it('while an earlier entry is still being probed, a healthy later one is not yet the server', () => {
    expect(chainVerdicts([{ skip: null, result: null }, { skip: null, result: r('ok') }])).toEqual({ verdicts: ['pending', 'ok'], serving: null });
  });

  it('entries that cannot be probed are untested, cancelled ones unsettled, and an all-dead chain has no server', () => {
    expect(chainVerdicts([{ skip: null, result: r('skipped') }, { skip: null, result: r('ok') }])).toEqual({ verdicts: ['untested', 'serves'], serving: 1 });
    expect(chainVerdicts([{ skip: null, result: r('cancelled') }, { skip: null, result: r('ok') }]).serving).toBeNull();
    expect(chainVerdicts([{ skip: null, result: r('auth_invalid') }]).serving).toBeNull();
    expect(chainVerdicts([])).toEqual({ verdicts: [], serving: null });
  });
});
