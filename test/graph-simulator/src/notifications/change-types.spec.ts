import { describe, expect, it } from '@jest/globals';

import type { ChangeType } from '../subscriptions/subscription-rules';
import { changeTypeFor } from './change-types';

const CASES: ReadonlyArray<{
  subscribedTo: ChangeType[];
  alreadySeen: boolean;
  isNewVersion: boolean;
  expected: ChangeType | undefined;
}> = [
  { subscribedTo: ['created'], alreadySeen: false, isNewVersion: true, expected: 'created' },
  { subscribedTo: ['created'], alreadySeen: true, isNewVersion: true, expected: undefined },
  { subscribedTo: ['updated'], alreadySeen: false, isNewVersion: true, expected: 'updated' },
  { subscribedTo: ['updated'], alreadySeen: true, isNewVersion: true, expected: 'updated' },
  {
    subscribedTo: ['created', 'updated'],
    alreadySeen: false,
    isNewVersion: true,
    expected: 'created',
  },
  {
    subscribedTo: ['created', 'updated'],
    alreadySeen: true,
    isNewVersion: true,
    expected: 'updated',
  },
  {
    subscribedTo: ['created', 'updated'],
    alreadySeen: true,
    isNewVersion: false,
    expected: undefined,
  },
];

describe(changeTypeFor.name, () => {
  it.each(CASES)(
    'subscribed to $subscribedTo, seen $alreadySeen, new version $isNewVersion → $expected',
    ({ expected, ...input }) => {
      expect(changeTypeFor(input)).toBe(expected);
    },
  );
});
