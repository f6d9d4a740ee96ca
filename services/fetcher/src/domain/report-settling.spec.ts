import { describe, expect, it } from '@jest/globals';

import { afterRepoll, freshProgress, repollWindows, RowFingerprints } from './report-settling';

const HOUR = 60 * 60 * 1000;
const at = (iso: string): Date => new Date(iso);
const options = { settleMs: 48 * HOUR, repollIntervalMs: HOUR, maxWindowMs: 24 * HOUR };
const iso = (windows: readonly { from: Date; to: Date }[]) =>
  windows.map((w) => [w.from.toISOString(), w.to.toISOString()]);

describe(repollWindows.name, () => {
  it('cuts [settledTo, firstPolledTo) into windows of at most the maximum', () => {
    const progress = {
      firstPolledTo: at('2024-05-03T06:00:00Z'),
      settledTo: at('2024-05-01T00:00:00Z'),
      repolledAt: undefined,
    };

    expect(iso(repollWindows(progress, at('2024-05-03T07:00:00Z'), options))).toEqual([
      ['2024-05-01T00:00:00.000Z', '2024-05-02T00:00:00.000Z'],
      ['2024-05-02T00:00:00.000Z', '2024-05-03T00:00:00.000Z'],
      ['2024-05-03T00:00:00.000Z', '2024-05-03T06:00:00.000Z'],
    ]);
  });

  it('waits for the interval after the last re-poll', () => {
    const progress = {
      firstPolledTo: at('2024-05-03T06:00:00Z'),
      settledTo: at('2024-05-03T00:00:00Z'),
      repolledAt: at('2024-05-03T06:30:00Z'),
    };

    expect(repollWindows(progress, at('2024-05-03T07:29:59Z'), options)).toEqual([]);
    expect(iso(repollWindows(progress, at('2024-05-03T07:30:00Z'), options))).toEqual([
      ['2024-05-03T00:00:00.000Z', '2024-05-03T06:00:00.000Z'],
    ]);
  });

  it('returns nothing when everything first polled is settled', () => {
    expect(
      repollWindows(freshProgress(at('2024-05-01T00:00:00Z')), at('2024-06-01'), options),
    ).toEqual([]);
  });
});

describe(afterRepoll.name, () => {
  const progress = {
    firstPolledTo: at('2024-05-03T06:00:00Z'),
    settledTo: at('2024-05-01T00:00:00Z'),
    repolledAt: undefined,
  };

  it('settles what started at least the settle period before the re-poll began', () => {
    // 2024-05-03T07:00 minus 48 h.
    expect(afterRepoll(progress, at('2024-05-03T07:00:00Z'), options.settleMs)).toEqual({
      firstPolledTo: at('2024-05-03T06:00:00Z'),
      settledTo: at('2024-05-01T07:00:00Z'),
      repolledAt: at('2024-05-03T07:00:00Z'),
    });
  });

  it('never settles past what was first polled', () => {
    expect(afterRepoll(progress, at('2024-06-01T00:00:00Z'), options.settleMs).settledTo).toEqual(
      at('2024-05-03T06:00:00Z'),
    );
  });

  it('never moves the settled watermark back', () => {
    expect(afterRepoll(progress, at('2024-05-02T00:00:00Z'), options.settleMs).settledTo).toEqual(
      at('2024-05-01T00:00:00Z'),
    );
  });
});

describe(RowFingerprints.name, () => {
  it('tells new and changed rows from rows produced unchanged', () => {
    const fingerprints = new RowFingerprints();
    const row = { id: 'a', charge: 0.1 };

    expect(fingerprints.changed('t:a', row)).toBe(true);
    fingerprints.remember('t:a', row, 1_000);
    expect(fingerprints.changed('t:a', { id: 'a', charge: 0.1 })).toBe(false);
    expect(fingerprints.changed('t:a', { id: 'a', charge: 0.2 })).toBe(true);
  });

  it('forgets rows that started before the settled watermark', () => {
    const fingerprints = new RowFingerprints();
    fingerprints.remember('t:old', { id: 'old' }, 1_000);
    fingerprints.remember('t:new', { id: 'new' }, 5_000);

    fingerprints.forgetBefore(new Date(5_000));

    expect(fingerprints.size).toBe(1);
    expect(fingerprints.changed('t:new', { id: 'new' })).toBe(false);
  });
});
