import { cellKey, sumEntries, totalCell } from './cells';
import { directRoutingRowContribution, pstnRowContribution } from './report-row-contribution';

describe(pstnRowContribution.name, () => {
  it('adds minutes and the charge in exact micro-units under call type, destination, user and currency', () => {
    const row = {
      id: 'r',
      startDateTime: '2026-11-20T10:15:00Z',
      duration: 90,
      charge: 0.1,
      currency: 'USD',
      callType: 'user_out',
      destinationName: 'United Kingdom',
      userId: 'u1',
    };

    const sums = sumEntries(pstnRowContribution(row)?.entries ?? []);

    expect(sums.get(totalCell('pstn'))).toMatchObject({
      calls: 1,
      durationMs: 90_000,
      chargeMicros: 100_000,
    });
    expect(sums.get(cellKey('pstn', 'destinationCountry', 'United Kingdom'))?.calls).toBe(1);
    expect(sums.get(cellKey('pstn', 'user', 'u1'))?.calls).toBe(1);
  });
});

describe(directRoutingRowContribution.name, () => {
  it.each([
    { name: 'a success', successfulCall: true, successes: 1, failures: 0 },
    { name: 'a failure', successfulCall: false, successes: 0, failures: 1 },
    { name: 'neither when Graph left it empty', successfulCall: null, successes: 0, failures: 0 },
  ])('counts $name by trunk', ({ successfulCall, successes, failures }) => {
    const row = {
      id: 'r',
      inviteDateTime: '2026-11-20T10:15:00Z',
      successfulCall,
      trunkFullyQualifiedDomainName: 'sbc1',
      finalSipCode: 503,
    };

    const sums = sumEntries(directRoutingRowContribution(row)?.entries ?? []);

    expect(sums.get(cellKey('direct-routing', 'trunk', 'sbc1'))).toMatchObject({
      calls: 1,
      successes,
      failures,
    });
    expect(sums.get(cellKey('direct-routing', 'finalSipCode', '503'))?.calls).toBe(1);
  });

  it("never buckets a call in year 1 by Graph's 0001-01-01 failureDateTime placeholder", () => {
    // A successful call whose only times are the placeholder failure time and its end.
    const row = {
      id: 'r',
      failureDateTime: '0001-01-01T00:00:00Z',
      endDateTime: '2026-11-20T10:20:00Z',
      successfulCall: true,
      trunkFullyQualifiedDomainName: 'sbc1',
    };

    const contribution = directRoutingRowContribution(row);

    expect(contribution?.hourStart).toBe('2026-11-20T10:00:00.000Z');
    expect(contribution?.dayStart).toBe('2026-11-20T00:00:00.000Z');
    expect(sumEntries(contribution?.entries ?? []).get(totalCell('direct-routing'))).toMatchObject({
      calls: 1,
      successes: 1,
      failures: 0,
    });
  });
});
