import { streamQuery } from './stream-query';

describe(streamQuery.name, () => {
  it('matches everything without filters', () => {
    expect(streamQuery({})).toBeUndefined();
  });

  it.each([
    ['subnet', { subnet: '10.0.0.0' }, 'network.subnet', 'term', '10.0.0.0'],
    [
      'capture device',
      { captureDeviceName: 'Headset' },
      'device.captureDeviceName',
      'term',
      'Headset',
    ],
    ['relay', { isRelayed: true }, 'network.isRelayed', 'term', 'true'],
    ['user', { userId: 'u1' }, 'userId', 'term', 'u1'],
    ['platform', { platforms: ['mac'] }, 'platform', 'terms', ['mac']],
    ['connection type', { connectionTypes: ['wifi'] }, 'network.connectionType', 'terms', ['wifi']],
  ])('matches the %s on either endpoint', (...[, filter, path, kind, value]) => {
    expect(streamQuery(filter)).toEqual({
      bool: {
        filter: [
          {
            bool: {
              should: [
                { [kind]: { [`caller.${path}`]: value } },
                { [kind]: { [`callee.${path}`]: value } },
              ],
              minimum_should_match: 1,
            },
          },
        ],
      },
    });
  });

  it.each([
    [{ callRecordId: 'c1' }, { term: { callRecordId: 'c1' } }],
    [{ modalities: ['audio'] }, { terms: { modality: ['audio'] } }],
    [{ isPoor: false }, { term: { isPoor: false } }],
    [{ isClassified: true }, { term: { isClassified: true } }],
    [{ poorReasons: ['roundTrip'] }, { terms: { poorReasons: ['roundTrip'] } }],
  ])('filters %j with %j', (filter, clause) => {
    expect(streamQuery(filter)).toEqual({ bool: { filter: [clause] } });
  });
});
