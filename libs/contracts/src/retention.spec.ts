import { describe, expect, it } from '@jest/globals';

import {
  hasShorterTenants,
  longestRetentionDays,
  parseRetentionPolicy,
  retentionCutoffMs,
  shortestRetentionDays,
} from './retention';
import { dlqTopic, retryTopic, topicConfig, TOPICS } from './topics';

describe(parseRetentionPolicy.name, () => {
  it('reads a default and per-tenant overrides', () => {
    const policy = parseRetentionPolicy('30, contoso=90 ,fabrikam=0');

    expect(policy.defaultDays).toBe(30);
    expect([...policy.byTenant]).toEqual([
      ['contoso', 90],
      ['fabrikam', 0],
    ]);
  });

  it.each(['', 'thirty', '30,contoso', '30,contoso=-1', '30,=5'])('refuses "%s"', (text) => {
    expect(() => parseRetentionPolicy(text)).toThrow(/expected/);
  });
});

describe(retentionCutoffMs.name, () => {
  it('counts whole days back from now, per tenant, and none when kept forever', () => {
    const policy = parseRetentionPolicy('30,contoso=1,fabrikam=0');
    const now = Date.parse('2026-12-03T12:00:00Z');

    expect(retentionCutoffMs(policy, 'other', now)).toBe(Date.parse('2026-11-03T12:00:00Z'));
    expect(retentionCutoffMs(policy, 'contoso', now)).toBe(Date.parse('2026-12-02T12:00:00Z'));
    expect(retentionCutoffMs(policy, 'fabrikam', now)).toBeUndefined();
  });
});

describe('longest and shortest retention', () => {
  it.each([
    { text: '0', longest: 0, shortest: 0, shorter: false },
    { text: '30', longest: 30, shortest: 30, shorter: false },
    { text: '30,contoso=90,fabrikam=7', longest: 90, shortest: 7, shorter: true },
    { text: '0,contoso=7', longest: 0, shortest: 7, shorter: true },
    { text: '30,contoso=0', longest: 0, shortest: 30, shorter: true },
  ])('of "$text": longest $longest, shortest $shortest, shorter tenants $shorter', (row) => {
    const { longest, shortest, shorter } = row;
    const policy = parseRetentionPolicy(row.text);

    expect([
      longestRetentionDays(policy),
      shortestRetentionDays(policy),
      hasShorterTenants(policy),
    ]).toEqual([longest, shortest, shorter]);
  });
});

describe('topic configs under PRIVACY_RETENTION_DAYS', () => {
  const DAY_MS = 86_400_000;
  const policy = parseRetentionPolicy('30,contoso=90,fabrikam=7');

  it('deletes the records topic after the longest retention, still compacted, in daily segments', () => {
    const config = topicConfig(TOPICS.records, policy);

    expect(config).toMatchObject({
      'cleanup.policy': 'compact,delete',
      'retention.ms': String(90 * DAY_MS),
      'segment.ms': String(DAY_MS),
    });
  });

  it.each([TOPICS.pstnCalls, TOPICS.directRoutingCalls, TOPICS.aggregatorContributions])(
    'treats $name as a topic of calls',
    (topic) => {
      expect(topicConfig(topic, policy)['retention.ms']).toBe(String(90 * DAY_MS));
    },
  );

  it('keeps retries, dead letters and alerts no longer than the shortest retention (7 days)', () => {
    const topics = [
      retryTopic('indexer'),
      dlqTopic('indexer'),
      dlqTopic('aggregator'),
      TOPICS.alerts,
    ];

    expect(topics.map((t) => topicConfig(t, policy)['retention.ms'])).toEqual(
      topics.map(() => String(7 * DAY_MS)),
    );
  });

  it('leaves a copy topic shorter than the shortest retention as it is (retries: 7 of 30 days)', () => {
    expect(topicConfig(retryTopic('indexer'), parseRetentionPolicy('30'))['retention.ms']).toBe(
      String(7 * DAY_MS),
    );
  });

  it('changes nothing when every tenant is kept forever, nor on topics without calls', () => {
    expect(topicConfig(TOPICS.records)).toMatchObject({
      'cleanup.policy': 'compact',
      'retention.ms': '-1',
    });
    expect(topicConfig(TOPICS.records, parseRetentionPolicy('0'))).toEqual(
      topicConfig(TOPICS.records),
    );
    expect(topicConfig(TOPICS.notifications, policy)['retention.ms']).toBe(String(7 * DAY_MS));
    expect(topicConfig(TOPICS.watermarks, policy)['cleanup.policy']).toBe('compact');
  });

  it('keeps every tenant when one of them is kept forever (no deletion by time)', () => {
    const config = topicConfig(TOPICS.records, parseRetentionPolicy('30,contoso=0'));

    expect(config['cleanup.policy']).toBe('compact');
  });
});
