import { describe, expect, it } from '@jest/globals';

import { assertClusterUsable } from './health';

describe(assertClusterUsable.name, () => {
  it.each(['green', 'yellow'])('accepts %s', (status) => {
    const check = () => assertClusterUsable(status);

    expect(check).not.toThrow();
  });

  it.each(['red', undefined, 'purple'])('rejects %s', (status) => {
    const check = () => assertClusterUsable(status);

    expect(check).toThrow(/cluster status is/);
  });
});
