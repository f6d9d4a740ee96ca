import { describe, expect, it } from '@jest/globals';

import { reportWindowsUntil, startsInWindow } from './report-windows';

const HOUR = 60 * 60 * 1000;
const at = (iso: string): Date => new Date(iso);

describe(reportWindowsUntil.name, () => {
  it('covers watermark to now - lag with consecutive windows of at most the maximum', () => {
    const windows = reportWindowsUntil(at('2024-05-01T00:00:00Z'), at('2024-05-01T04:30:00Z'), {
      lagMs: HOUR,
      maxWindowMs: 2 * HOUR,
    });

    expect(windows.map((w) => [w.from.toISOString(), w.to.toISOString()])).toEqual([
      ['2024-05-01T00:00:00.000Z', '2024-05-01T02:00:00.000Z'],
      ['2024-05-01T02:00:00.000Z', '2024-05-01T03:30:00.000Z'],
    ]);
  });

  it.each([
    ['the watermark is already at now - lag', '2024-05-01T03:00:00Z'],
    ['the watermark is ahead of now - lag', '2024-05-01T03:30:00Z'],
  ])('returns nothing when %s', (_name, watermark) => {
    const windows = reportWindowsUntil(at(watermark), at('2024-05-01T04:00:00Z'), {
      lagMs: HOUR,
      maxWindowMs: HOUR,
    });

    expect(windows).toEqual([]);
  });

  it('stops at the maximum number of windows', () => {
    const windows = reportWindowsUntil(at('2024-05-01T00:00:00Z'), at('2024-05-02T00:00:00Z'), {
      lagMs: 0,
      maxWindowMs: HOUR,
      maxWindows: 3,
    });

    expect(windows).toHaveLength(3);
  });
});

describe(startsInWindow.name, () => {
  const window = { from: at('2024-05-01T00:00:00Z'), to: at('2024-05-01T01:00:00Z') };

  it.each([
    ['2024-05-01T00:00:00Z', true],
    ['2024-05-01T00:59:59.999Z', true],
    ['2024-05-01T01:00:00Z', false],
    ['2024-04-30T23:59:59Z', false],
    [null, true],
  ])('placing a row that started at %p: %p', (start, expected) => {
    expect(startsInWindow(start, window)).toBe(expected);
  });
});
