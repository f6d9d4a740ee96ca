import { orderedSteps } from './steps';

describe(orderedSteps.name, () => {
  it.each([
    [
      ['indexes', 'topics'],
      ['topics', 'indexes'],
    ],
    [['indexes'], ['indexes']],
    [['topics', 'topics'], ['topics']],
  ] as const)('runs %j as %j', (requested, expected) => {
    expect(orderedSteps(requested)).toEqual(expected);
  });
});
