import { toNetworkDocument, toStreamMetrics } from './stream-endpoint';

describe(toNetworkDocument.name, () => {
  it('keeps site and relay data, drops machine addresses', () => {
    const network = {
      ipAddress: '10.0.0.5',
      macAddress: '02:00:00:00:00:00',
      subnet: '10.0.0.0',
      relayIPAddress: '52.114.0.1',
      relayPort: 3478,
      connectionType: 'wifi',
      wifiBand: 'frequency50GHz',
    };

    const document = toNetworkDocument(network);

    expect(document).toMatchObject({
      subnet: '10.0.0.0',
      relayIPAddress: '52.114.0.1',
      relayPort: 3478,
      isRelayed: true,
      connectionType: 'wifi',
      wifiBand: 'frequency50GHz',
    });
    expect(JSON.stringify(document)).not.toContain('10.0.0.5');
  });
});

describe(toStreamMetrics.name, () => {
  it.each([
    [{ averageJitter: 'PT0.016S' }, 'averageJitterMs', 16],
    [{ maxRoundTripTime: 'PT1.5S' }, 'maxRoundTripTimeMs', 1500],
    [{ averageFreezeDuration: 'bogus' }, 'averageFreezeDurationMs', null],
  ])('converts %j to %s=%s', (stream, field, expected) => {
    const metrics = toStreamMetrics(stream) as Record<string, unknown>;

    expect(metrics[field]).toBe(expected);
  });
});
