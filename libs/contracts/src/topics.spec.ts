import { describe, expect, it } from '@jest/globals';

import {
  allTopics,
  dlqTopic,
  graphKey,
  prefixedGroup,
  prefixedTopic,
  retryTopic,
  tenantIdFromKey,
  topicConfig,
  TOPICS,
} from './topics';

describe(allTopics.name, () => {
  it('names every topic callrecords.<stream>.v<N>', () => {
    const names = allTopics().map((t) => t.name);

    expect(
      names.filter((name) => !/^callrecords\.[a-z-]+(\.(retry|dlq))?\.v\d+$/.test(name)),
    ).toEqual([]);
  });

  it('has no duplicate names', () => {
    const names = allTopics().map((t) => t.name);

    expect(new Set(names).size).toBe(names.length);
  });

  it('gives each consuming service a retry and a DLQ topic', () => {
    const names = allTopics().map((t) => t.name);

    expect(names).toEqual(
      expect.arrayContaining(['callrecords.fetcher.retry.v1', 'callrecords.indexer.dlq.v1']),
    );
  });
});

describe(topicConfig.name, () => {
  it('compacts the records topic and lets it hold a large meeting', () => {
    expect(topicConfig(TOPICS.records)).toEqual({
      'cleanup.policy': 'compact',
      'retention.ms': '-1',
      'compression.type': 'zstd',
      'max.message.bytes': String(8 * 1024 * 1024),
      'min.compaction.lag.ms': '3600000',
      'delete.retention.ms': '86400000',
    });
  });

  it('deletes notifications after a week', () => {
    expect(topicConfig(TOPICS.notifications)).toMatchObject({
      'cleanup.policy': 'delete',
      'retention.ms': String(7 * 24 * 3600 * 1000),
    });
  });
});

describe(retryTopic.name, () => {
  it('accepts the largest message of what the service consumes', () => {
    expect(retryTopic('indexer').maxMessageBytes).toBe(TOPICS.records.maxMessageBytes);
  });
});

describe(dlqTopic.name, () => {
  it('leaves room for the base64 copy of the largest message consumed', () => {
    expect(dlqTopic('indexer').maxMessageBytes).toBeGreaterThan(TOPICS.records.maxMessageBytes);
  });
});

describe(graphKey.name, () => {
  it('joins tenant and Graph id with a colon', () => {
    expect(graphKey('dc368399-474c-4d40-900c-6265431fd81f', 'e523d2ed')).toBe(
      'dc368399-474c-4d40-900c-6265431fd81f:e523d2ed',
    );
  });
});

describe(tenantIdFromKey.name, () => {
  it.each([
    ['tenant:record:with:colons', 'tenant'],
    ['no-colon', undefined],
    [null, undefined],
  ])('reads the tenant of %s', (key, tenantId) => {
    expect(tenantIdFromKey(key)).toBe(tenantId);
  });
});

describe(prefixedTopic.name, () => {
  it('keeps the definition and prefixes only the name', () => {
    const topic = prefixedTopic(TOPICS.records, 'run-42.');

    expect(topic.name).toBe('run-42.callrecords.records.v1');
    expect(topic.cleanupPolicy).toBe(TOPICS.records.cleanupPolicy);
  });

  it('returns the topic itself when there is no prefix', () => {
    expect(prefixedTopic(TOPICS.records, '')).toBe(TOPICS.records);
  });
});

describe(prefixedGroup.name, () => {
  it('prefixes the consumer group like the topics', () => {
    expect(prefixedGroup('callrecords-fetcher', 'run-42.')).toBe('run-42.callrecords-fetcher');
  });
});
