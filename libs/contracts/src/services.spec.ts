import { describe, expect, it } from '@jest/globals';

import { consumerGroup } from './services';

describe(consumerGroup.name, () => {
  it('names the group callrecords-<service>', () => {
    expect(consumerGroup('indexer')).toBe('callrecords-indexer');
  });
});
