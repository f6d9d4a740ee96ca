import { describe, expect, it } from '@jest/globals';

import { withIsmSettings } from './index-setup';

describe(withIsmSettings.name, () => {
  const definition = {
    name: 'records',
    body: { index_patterns: ['records-*'], template: { settings: { number_of_shards: 1 } } },
    ismRolloverAlias: 'records-write',
  };

  it('adds the rollover alias setting when ISM is installed', () => {
    const template = withIsmSettings(definition, true);

    expect(template.body['template']).toEqual({
      settings: {
        number_of_shards: 1,
        'plugins.index_state_management.rollover_alias': 'records-write',
      },
    });
  });

  it('leaves the template as given without ISM (the setting would be rejected)', () => {
    const template = withIsmSettings(definition, false);

    expect(template.body).toBe(definition.body);
  });

  it('creates the settings object when the template has none', () => {
    const template = withIsmSettings(
      { name: 'r', body: { index_patterns: ['r-*'] }, ismRolloverAlias: 'r-write' },
      true,
    );

    expect(template.body['template']).toEqual({
      settings: { 'plugins.index_state_management.rollover_alias': 'r-write' },
    });
  });
});
