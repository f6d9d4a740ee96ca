import { CallRecordFetchedV1Definition, createEvent } from '@callrecords/contracts';
import type { CallRecord, CallRecordFetchedV1 } from '@callrecords/contracts';

const BASE_MS = Date.parse('2026-11-01T00:00:00.000Z');
const SUBNETS = ['10.0.1.0', '10.0.2.0', '10.0.3.0', '10.0.4.0'];

type BenchInput = { readonly records: number; readonly order: 'ordered' | 'scattered' };

/** Record `i` of the aggregator benchmarks' input as the fetcher publishes it (version 1, one tenant). */
export function anAggregatorBenchEvent(i: number, input: BenchInput): CallRecordFetchedV1 {
  const record = anAggregatorBenchRecord(i, input);
  const at = record.lastModifiedDateTime;
  return createEvent(CallRecordFetchedV1Definition, {
    tenantId: '00000000-0000-4000-8000-00000000be01',
    correlationId: 'bench',
    occurredAt: at,
    producedAt: at,
    payload: {
      callRecord: record,
      version: 1,
      lastModifiedDateTime: at,
      fetchedAt: at,
      graphRequestCount: 1,
    },
  });
}

/**
 * Call record `i` of the aggregator benchmarks' input of `records` records (two audio streams, one
 * week): `ordered` in call-start order, as the fetcher produces them; `scattered` over all 168 hours.
 */
export function anAggregatorBenchRecord(i: number, input: BenchInput): CallRecord {
  const hour = input.order === 'scattered' ? i % 168 : Math.floor((i * 168) / input.records);
  const start = new Date(BASE_MS + hour * 3_600_000 + (i % 60) * 1000).toISOString();
  const network = { connectionType: i % 2 ? 'wifi' : 'wired', subnet: SUBNETS[i % SUBNETS.length] };
  const stream = (jitterMs: number) => ({
    streamDirection: 'callerToCallee',
    averageJitter: `PT${jitterMs / 1000}S`,
    averageRoundTripTime: 'PT0.08S',
    averagePacketLossRate: (i % 13) / 1000,
    packetUtilization: 1500,
  });
  const endpoint = {
    '@odata.type': '#microsoft.graph.callRecords.participantEndpoint',
    userAgent: {
      '@odata.type': '#microsoft.graph.callRecords.clientUserAgent',
      platform: 'windows',
      productFamily: 'teams',
    },
  };
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    version: 1,
    type: i % 3 ? 'groupCall' : 'peerToPeer',
    modalities: ['audio'],
    startDateTime: start,
    endDateTime: new Date(Date.parse(start) + 600_000).toISOString(),
    lastModifiedDateTime: start,
    sessions: [
      {
        id: `s-${i}`,
        caller: endpoint,
        callee: { '@odata.type': '#microsoft.graph.callRecords.serviceEndpoint' },
        segments: [
          {
            id: `g-${i}`,
            media: [
              { label: 'main-audio', callerNetwork: network, streams: [stream(i % 40), stream(5)] },
            ],
          },
        ],
      },
    ],
  };
}
