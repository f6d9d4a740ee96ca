import { describe, expect, it } from '@jest/globals';

import { uniqueIndex, uniqueName, uniqueTopic } from './unique-names';

describe(uniqueName.name, () => {
  it('gives a different name on every call', () => {
    const names = new Set(Array.from({ length: 50 }, () => uniqueName('x')));

    expect(names.size).toBe(50);
  });

  it('keeps only characters valid in topic and index names', () => {
    expect(uniqueName('Call Records/Test')).toMatch(/^call-records-test-[0-9a-f]{10}$/);
  });
});

describe(uniqueTopic.name, () => {
  it('follows the topic naming convention', () => {
    expect(uniqueTopic('notifications')).toMatch(
      /^callrecords\.test\.notifications-[0-9a-f]{10}\.v1$/,
    );
  });
});

describe(uniqueIndex.name, () => {
  it('starts with test- so that production index patterns never match it', () => {
    expect(uniqueIndex('records')).toMatch(/^test-records-[0-9a-f]{10}$/);
  });
});
