import { latestById } from './latest-by-id';

describe(latestById.name, () => {
  it('keeps the highest version of an id found in two backing indexes', () => {
    const docs = [
      { id: 'a', version: 1, from: 'old' },
      { id: 'b', version: 1, from: 'old' },
      { id: 'a', version: 3, from: 'new' },
    ];

    expect(latestById(docs)).toEqual([
      { id: 'a', version: 3, from: 'new' },
      { id: 'b', version: 1, from: 'old' },
    ]);
  });

  it('keeps the first of equal versions and an empty list empty', () => {
    expect(
      latestById([
        { id: 'a', version: 2, n: 1 },
        { id: 'a', version: 2, n: 2 },
      ]),
    ).toEqual([{ id: 'a', version: 2, n: 1 }]);
    expect(latestById([])).toEqual([]);
  });
});
