import { describe, expect, it } from '@jest/globals';

import { parseIsoDurationMs } from './iso-duration';

describe(parseIsoDurationMs.name, () => {
  it.each([
    ['PT0.016S', 16],
    ['PT0.03S', 30],
    ['PT0.029S', 29],
    ['PT0.5S', 500],
    ['PT0.500001S', 500.001],
    ['PT0S', 0],
    ['PT1M', 60_000],
    ['PT1M30.25S', 90_250],
    ['PT2H', 7_200_000],
    ['P1D', 86_400_000],
    ['P1DT1H', 90_000_000],
    ['P1W', 604_800_000],
    ['PT0,25S', 250],
    ['PT1.5M', 90_000],
    ['-PT0.1S', -100],
    [' PT1S ', 1_000],
  ])('reads %s as %d ms', (value, expected) => {
    const ms = parseIsoDurationMs(value);

    expect(ms).toBe(expected);
  });

  it.each([
    ['an empty string', ''],
    ['a bare P', 'P'],
    ['a bare PT', 'PT'],
    ['a trailing T', 'P1DT'],
    ['years (no fixed length)', 'P1Y'],
    ['months (no fixed length)', 'P1M'],
    ['a unit out of order', 'PT1S1M'],
    ['a number without unit', 'PT5'],
    ['plain seconds', '0.016'],
    ['lower case', 'pt1s'],
  ])('rejects %s', (_name, value) => {
    const ms = parseIsoDurationMs(value);

    expect(ms).toBeUndefined();
  });

  it.each([null, undefined])('treats %s as missing', (value) => {
    const ms = parseIsoDurationMs(value);

    expect(ms).toBeUndefined();
  });
});
