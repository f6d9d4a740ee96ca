import {
  distinct,
  hasType,
  readInteger,
  readNumber,
  secondsBetween,
  toIsoMs,
} from './graph-values';

describe(toIsoMs.name, () => {
  it.each([
    ['2020-02-25T18:52:21.2169889Z', '2020-02-25T18:52:21.216Z'],
    ['2019-11-01T00:00:05Z', '2019-11-01T00:00:05.000Z'],
    ['garbage', null],
    [null, null],
  ])('normalizes %s to %s', (input, expected) => {
    expect(toIsoMs(input)).toBe(expected);
  });
});

describe(secondsBetween.name, () => {
  it.each([
    ['2020-01-01T00:00:00.000Z', '2020-01-01T00:00:01.500Z', 1.5],
    ['2020-01-01T00:00:02.000Z', '2020-01-01T00:00:01.000Z', null],
    [null, '2020-01-01T00:00:01.000Z', null],
  ])('from %s to %s is %s', (start, end, expected) => {
    expect(secondsBetween(start, end)).toBe(expected);
  });
});

describe('readers', () => {
  it('treat absent, null, NaN and wrong types as null', () => {
    const source = { a: null, b: Number.NaN, c: '1', d: 2.6 };

    expect([readNumber(source, 'a'), readNumber(source, 'b'), readNumber(source, 'c')]).toEqual([
      null,
      null,
      null,
    ]);
    expect(readInteger(source, 'd')).toBe(3);
  });

  it('dedupe in first-seen order and match @odata.type case-insensitively', () => {
    expect(distinct(['b', null, 'a', 'b', undefined])).toEqual(['b', 'a']);
    expect(
      hasType(
        { '@odata.type': '#microsoft.graph.callRecords.ParticipantEndpoint' },
        'participantEndpoint',
      ),
    ).toBe(true);
  });

  it.each([
    ['#microsoft.graph.callRecords.serviceEndpoint', false],
    ['#microsoft.graph.callRecords.xparticipantEndpoint', false],
    ['participantEndpoint', false],
    ['.PARTICIPANTENDPOINT', true],
  ])('reads @odata.type %s as participantEndpoint: %s', (type, expected) => {
    expect(hasType({ '@odata.type': type }, 'participantEndpoint')).toBe(expected);
  });
});
