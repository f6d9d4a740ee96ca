import { describe, expect, it } from '@jest/globals';

import { budgetFraction } from './budget-share';

describe(budgetFraction.name, () => {
  it.each([
    ['alone in the group (12 + 6 partitions)', 18, 18, 1],
    ['one of three members', 6, 18, 1 / 3],
    ['one of two members with an odd split', 7, 18, 7 / 18],
    ['a member left without partitions', 0, 18, 0],
  ])('gives %s its share of the partitions', (...[, owned, total, expected]) => {
    expect(budgetFraction({ owned, total })).toBeCloseTo(expected, 10);
  });

  it('adds up to the whole budget over the members of one assignment', () => {
    const owned = [6, 6, 6];

    const sum = owned.reduce((total, n) => total + budgetFraction({ owned: n, total: 18 }), 0);

    expect(sum).toBeCloseTo(1, 10);
  });

  it('keeps the whole budget before any partition count is known', () => {
    expect(budgetFraction({ owned: 0, total: 0 })).toBe(1);
  });
});
