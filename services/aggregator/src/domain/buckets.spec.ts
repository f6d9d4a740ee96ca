import { addHours, bucketsOf, bucketStartFor, hoursEndingAt, retentionCutoff } from './buckets';

describe(bucketsOf.name, () => {
  it.each([
    // [timestamp, hourStart, dayStart]: UTC hours and days, whatever the offset written.
    ['2026-11-20T14:59:59.999Z', '2026-11-20T14:00:00.000Z', '2026-11-20T00:00:00.000Z'],
    ['2026-11-20T15:00:00Z', '2026-11-20T15:00:00.000Z', '2026-11-20T00:00:00.000Z'],
    ['2026-11-20T23:30:00-02:00', '2026-11-21T01:00:00.000Z', '2026-11-21T00:00:00.000Z'],
    ['2026-11-21T00:10:00+01:00', '2026-11-20T23:00:00.000Z', '2026-11-20T00:00:00.000Z'],
  ])('puts %s in hour %s and day %s', (timestamp, hourStart, dayStart) => {
    expect(bucketsOf(timestamp)).toEqual({ hourStart, dayStart });
  });

  it('gives each hour its own buckets when timestamps of one hour and the next alternate', () => {
    const seen = [
      '2026-11-20T14:01:00Z',
      '2026-11-20T15:59:00Z',
      '2026-11-20T14:59:59Z',
      '2026-11-21T14:30:00Z',
    ].map((timestamp) => bucketsOf(timestamp)?.hourStart);

    expect(seen).toEqual([
      '2026-11-20T14:00:00.000Z',
      '2026-11-20T15:00:00.000Z',
      '2026-11-20T14:00:00.000Z',
      '2026-11-21T14:00:00.000Z',
    ]);
  });

  it.each([null, undefined, '', 'not a date'])('has no bucket for %p', (timestamp) => {
    expect(bucketsOf(timestamp)).toBeUndefined();
  });
});

describe(bucketStartFor.name, () => {
  it('picks the hour or the day', () => {
    const buckets = { hourStart: '2026-11-20T14:00:00.000Z', dayStart: '2026-11-20T00:00:00.000Z' };

    expect(bucketStartFor(buckets, 'hour')).toBe('2026-11-20T14:00:00.000Z');
    expect(bucketStartFor(buckets, 'day')).toBe('2026-11-20T00:00:00.000Z');
  });
});

describe(hoursEndingAt.name, () => {
  it('lists the window oldest first, across midnight', () => {
    expect(hoursEndingAt('2026-11-21T01:00:00.000Z', 3)).toEqual([
      '2026-11-20T23:00:00.000Z',
      '2026-11-21T00:00:00.000Z',
      '2026-11-21T01:00:00.000Z',
    ]);
  });
});

describe(addHours.name, () => {
  it('moves by whole hours either way', () => {
    expect(addHours('2026-11-20T14:00:00.000Z', 10)).toBe('2026-11-21T00:00:00.000Z');
    expect(addHours('2026-11-20T14:00:00.000Z', -15)).toBe('2026-11-19T23:00:00.000Z');
  });
});

describe(retentionCutoff.name, () => {
  it('keeps today and the given number of whole days before it', () => {
    expect(retentionCutoff(new Date('2026-12-03T09:50:00Z'), 30)).toBe('2026-11-03T00:00:00.000Z');
    expect(retentionCutoff(new Date('2026-12-03T00:00:00Z'), 1)).toBe('2026-12-02T00:00:00.000Z');
  });
});
