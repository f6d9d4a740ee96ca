import { describe, expect, it } from '@jest/globals';

import { createRng, deriveSeed } from './prng';

describe(createRng.name, () => {
  it('gives the same sequence for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);

    const drawsA = Array.from({ length: 5 }, () => a.next());
    const drawsB = Array.from({ length: 5 }, () => b.next());

    expect(drawsA).toEqual(drawsB);
  });

  it('keeps integers within both bounds', () => {
    const rng = createRng(7);

    const draws = Array.from({ length: 1000 }, () => rng.int(3, 5));

    expect(new Set(draws)).toEqual(new Set([3, 4, 5]));
  });

  it('makes version-4-shaped GUIDs', () => {
    const rng = createRng(1);

    const guid = rng.guid();

    expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe(deriveSeed.name, () => {
  it('gives different seeds for different indexes of one data set', () => {
    const seeds = new Set(Array.from({ length: 100 }, (_, index) => deriveSeed(9, index)));

    expect(seeds.size).toBe(100);
  });
});
