import {
  encodeEvent,
  CallRecordFetchedV1Definition,
  parseRetentionPolicy,
  PstnCallRowV1Definition,
} from '@callrecords/contracts';

import { ContributionWorkers } from '../src/rollups/contribution-workers';
import { sumEntries, totalCell } from '../src/domain/cells';
import { decodeContribution } from '../src/domain/contribution-plan';
import type { AggregatorEvent, UndecodedEvent } from '../src/rollups/to-contribution';
import { anAudioCall, aPstnRowEvent } from './dataset';

const TENANT = '00000000-0000-4000-8000-00000000c0a1';
const RULES = {
  poorCall: { threshold: 0.1, minCalls: 20, windowHours: 3 },
  trunkFailure: { threshold: 0.2, minCalls: 20, windowHours: 1 },
  emergencyNumbers: new Set(['911']),
};

function undecoded(event: AggregatorEvent): UndecodedEvent {
  const { value, headers } =
    event.type === 'CallRecordFetched'
      ? encodeEvent(CallRecordFetchedV1Definition, event)
      : encodeEvent(PstnCallRowV1Definition, event as never);
  return { raw: value, headers };
}

// Real worker threads (the workspace's TypeScript hook loads the worker from source), no broker.
describe(ContributionWorkers.name, () => {
  const workers = new ContributionWorkers({ rules: RULES }, 2);

  afterAll(async () => {
    await workers.close();
  });

  it('answers each raw message of a batch split over two workers, in input order', async () => {
    const calls = [0, 1, 2].map((hour) =>
      anAudioCall(TENANT, { id: `call-${hour}`, hour, subnet: '10.0.1.0', poor: hour === 1 }),
    );
    const row = aPstnRowEvent(TENANT, { id: 'pstn-1', callType: 'ucap_out', charge: 0.25 });

    const results = await workers.contribute([...calls, row].map(undecoded));

    expect(results.map((r) => r.doc?.sourceId)).toEqual(['call-0', 'call-1', 'call-2', 'pstn-1']);
    expect(results.map((r) => r.doc?.source)).toEqual(['records', 'records', 'records', 'pstn']);
    // One call each; the second's stream has 100 ms jitter (CQD poor above 30 ms).
    const poorCalls = results
      .slice(0, 3)
      .map((r) => r.doc?.entries.find((e) => e.cell === totalCell('calls'))?.poorCalls);
    expect(poorCalls).toEqual([0, 1, 0]);
  });

  it('sends each contribution with its changelog form', async () => {
    const call = anAudioCall(TENANT, { id: 'enc', hour: 4, subnet: '10.0.3.0', poor: false });

    const [result] = await workers.contribute([undecoded(call)]);

    const decoded = decodeContribution(result?.encoded ?? '');

    // The changelog form leaves zero measures out.
    expect(decoded).toEqual({ ...result?.doc, entries: decoded.entries });
    expect(sumEntries(decoded.entries)).toEqual(sumEntries(result?.doc?.entries ?? []));
    expect(decoded.entries).toHaveLength(result?.doc?.entries.length ?? -1);
  });

  it('marks a message it cannot decode instead of failing the batch', async () => {
    const good = undecoded(
      anAudioCall(TENANT, { id: 'ok', hour: 3, subnet: '10.0.2.0', poor: false }),
    );
    const garbage: UndecodedEvent = { raw: Buffer.from('{"type":'), headers: {} };

    const [first, second] = await workers.contribute([good, garbage]);

    expect(first?.doc?.sourceId).toBe('ok');
    expect(second?.doc).toBeUndefined();
    expect(second?.undecodable).toMatch(/./);
  });

  it('skips a call past its tenant retention, as the consumer thread does without workers', async () => {
    // The dataset's calls start on 2026-11-20: past 7 days for TENANT from 2026-11-28 on; the
    // other tenant keeps forever (default 0).
    const other = '00000000-0000-4000-8000-00000000c0a2';
    const retention = parseRetentionPolicy(`0,${TENANT}=7`);
    const withRetention = new ContributionWorkers({ rules: RULES, retention }, 1);
    try {
      const results = await withRetention.contribute(
        [
          anAudioCall(TENANT, { id: 'old', hour: 0, subnet: '10.0.4.0', poor: false }),
          anAudioCall(other, { id: 'kept', hour: 0, subnet: '10.0.4.0', poor: false }),
        ].map(undecoded),
      );

      expect(results.map((r) => [r.pastRetention ?? false, r.doc?.sourceId])).toEqual([
        [true, undefined],
        [false, 'kept'],
      ]);
    } finally {
      await withRetention.close();
    }
  });
});
