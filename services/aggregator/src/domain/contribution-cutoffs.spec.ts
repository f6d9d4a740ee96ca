import { describe, expect, it } from '@jest/globals';

import { parseRetentionPolicy } from '@callrecords/contracts';

import { contributionCutoffs, cutoffOf } from './contribution-cutoffs';

const NOW = new Date('2026-12-03T12:34:56.000Z');

describe(contributionCutoffs.name, () => {
  it('keeps everything when neither setting is on', () => {
    const cutoffs = contributionCutoffs(NOW, 0, parseRetentionPolicy('0'));

    expect(cutoffOf(cutoffs, 'any')).toBeUndefined();
  });

  it('takes each tenant’s privacy retention, floored to the hour (never early)', () => {
    // 7 days before 2026-12-03T12:34:56Z is 2026-11-26T12:34:56Z: its hour starts at 12:00.
    const cutoffs = contributionCutoffs(NOW, 0, parseRetentionPolicy('30,short=7,forever=0'));

    expect([
      cutoffOf(cutoffs, 'short'),
      cutoffOf(cutoffs, 'other'),
      cutoffOf(cutoffs, 'forever'),
    ]).toEqual(['2026-11-26T12:00:00.000Z', '2026-11-03T12:00:00.000Z', undefined]);
  });

  it('takes the later of the deployment’s and the tenant’s cutoff', () => {
    // AGGREGATOR_RETENTION_DAYS 10: whole days before today, 2026-11-23T00:00Z.
    const cutoffs = contributionCutoffs(NOW, 10, parseRetentionPolicy('30,short=7,forever=0'));

    expect([
      cutoffOf(cutoffs, 'short'),
      cutoffOf(cutoffs, 'other'),
      cutoffOf(cutoffs, 'forever'),
    ]).toEqual([
      '2026-11-26T12:00:00.000Z',
      '2026-11-23T00:00:00.000Z',
      '2026-11-23T00:00:00.000Z',
    ]);
  });
});
