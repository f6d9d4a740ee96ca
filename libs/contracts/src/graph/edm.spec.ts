import { describe, expect, it } from '@jest/globals';

import {
  edmDateTimeMs,
  EdmDateTimeOffsetSchema,
  EdmDurationSchema,
  edmDurationToMs,
  hasODataType,
  openEnum,
  toKnownEnumValue,
} from './edm';

describe('EdmDurationSchema', () => {
  it.each(['PT0.016S', 'PT1M5.5S', 'P1DT2H', 'PT0S', '-PT1S'])('accepts %s', (duration) => {
    expect(EdmDurationSchema.safeParse(duration).success).toBe(true);
  });

  it.each(['P', 'PT', '0.016', 'P1Y', 'PT1.S', '16ms'])('rejects %s', (duration) => {
    expect(EdmDurationSchema.safeParse(duration).success).toBe(false);
  });
});

describe('EdmDateTimeOffsetSchema', () => {
  it.each([
    '2020-02-25T18:52:21.2169889Z',
    '2023-09-25T10:36:40Z',
    '2019-09-18T00:52:45.9696658+00:00',
  ])('accepts the Graph timestamp %s', (timestamp) => {
    expect(EdmDateTimeOffsetSchema.safeParse(timestamp).success).toBe(true);
  });

  it('rejects a date without a time', () => {
    expect(EdmDateTimeOffsetSchema.safeParse('2019-11-01').success).toBe(false);
  });
});

describe(edmDurationToMs.name, () => {
  it.each([
    ['PT0.016S', 16],
    ['PT1M5.5S', 65_500],
    ['P1DT1H', 90_000_000],
    ['-PT0.5S', -500],
  ])('reads %s as %d ms', (duration, ms) => {
    expect(edmDurationToMs(duration)).toBe(ms);
  });

  it('returns undefined for text that is not a duration', () => {
    expect(edmDurationToMs('16ms')).toBeUndefined();
  });
});

describe(openEnum.name, () => {
  it('keeps a member Graph added after the CSDL was generated', () => {
    const schema = openEnum(['audio', 'video']);

    expect(schema.parse('immersive')).toBe('immersive');
  });

  it('still rejects a value that is not a string', () => {
    expect(openEnum(['audio']).safeParse(1).success).toBe(false);
  });
});

describe(toKnownEnumValue.name, () => {
  it('maps an unknown member to the fallback', () => {
    expect(toKnownEnumValue(['unknown', 'teams'], 'newProduct', 'unknown')).toBe('unknown');
  });

  it('keeps a known member', () => {
    expect(toKnownEnumValue(['unknown', 'teams'], 'teams', 'unknown')).toBe('teams');
  });
});

describe(hasODataType.name, () => {
  it('matches the exact @odata.type', () => {
    const value = { '@odata.type': '#microsoft.graph.callRecords.serviceEndpoint' };

    expect(hasODataType(value, '#microsoft.graph.callRecords.serviceEndpoint')).toBe(true);
  });

  it('is false for null and for other types', () => {
    const value = { '@odata.type': '#microsoft.graph.callRecords.participantEndpoint' };

    expect([hasODataType(null, '#x'), hasODataType(value, '#x')]).toEqual([false, false]);
  });
});

describe(edmDateTimeMs.name, () => {
  it.each([
    ['0001-01-01T00:00:00Z', undefined],
    ['0001-01-01T00:00:00.0000000Z', undefined],
    ['0001-12-31T23:59:59Z', undefined],
    [null, undefined],
    ['not a date', undefined],
    ['2019-11-01T00:00:08.2589935Z', 1_572_566_408_258],
    ['0002-01-01T00:00:00Z', -62_104_060_800_000],
  ])('reads %p as %p', (value, expected) => {
    expect(edmDateTimeMs(value)).toBe(expected);
  });
});
