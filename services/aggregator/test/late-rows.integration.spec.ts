import { randomUUID } from 'node:crypto';

import {
  createEvent,
  DirectRoutingCallRowV1Definition,
  PstnCallRowV1Definition,
} from '@callrecords/contracts';
import type { DirectRoutingLogRow, PstnCallLogRow } from '@callrecords/contracts';
import { waitFor } from '@callrecords/testing';

import type { RunningAggregator } from '../src/bootstrap';
import type { AggregatorEvent } from '../src/rollups/to-contribution';
import { configOf, startInProcess, testEnvironment, TestPipeline } from './aggregator-harness';

// What the fetcher's re-polls produce (services/fetcher README, "Re-polling"): the same row again
// (unchanged or corrected, with a later fetchedAt) and rows that arrive hours after their window.
// Rollups must count each row once, at its latest content. Figures worked out by hand below.

const TENANT = '00000000-0000-4000-8000-00000000b001';
const HOUR = '2026-11-20T10:00:00.000Z';
const START = '2026-11-20T10:15:00.000Z';
const fetched = (hoursLater: number): string =>
  new Date(Date.parse('2026-11-20T12:00:00.000Z') + hoursLater * 3_600_000).toISOString();
const window = { fromDateTime: HOUR, toDateTime: '2026-11-20T11:00:00.000Z' };

function envelope(fetchedAt: string) {
  return {
    id: randomUUID(),
    tenantId: TENANT,
    correlationId: randomUUID(),
    occurredAt: START,
    producedAt: fetchedAt,
  };
}

function directRouting(row: DirectRoutingLogRow, fetchedAt: string): AggregatorEvent {
  return createEvent(DirectRoutingCallRowV1Definition, {
    ...envelope(fetchedAt),
    payload: { row, window, fetchedAt },
  });
}

function pstn(row: PstnCallLogRow, fetchedAt: string): AggregatorEvent {
  return createEvent(PstnCallRowV1Definition, {
    ...envelope(fetchedAt),
    payload: { row, window, fetchedAt },
  });
}

describe('aggregator: late and changed report rows', () => {
  const config = configOf(testEnvironment());
  const pipeline = new TestPipeline(config);
  let aggregator: RunningAggregator | undefined;

  beforeAll(async () => {
    await pipeline.init();
    aggregator = await startInProcess(config);
  });

  afterAll(async () => {
    await aggregator?.close();
    await pipeline.close();
  });

  it('counts each row once at its latest content, whatever the order of the re-polls', async () => {
    const dr1 = { id: 'dr-1', startDateTime: START, callType: 'ByotOut' };
    const answered = {
      ...dr1,
      successfulCall: true,
      trunkFullyQualifiedDomainName: 'sbc-a.contoso.com',
      failureDateTime: '0001-01-01T00:00:00Z',
      duration: 120,
    };
    // The correction moves the call to another trunk and makes it a failure.
    const corrected = {
      ...dr1,
      successfulCall: false,
      trunkFullyQualifiedDomainName: 'sbc-b.contoso.com',
      finalSipCode: 503,
      duration: 0,
    };
    const late = {
      id: 'dr-2',
      startDateTime: START,
      callType: 'ByotIn',
      successfulCall: true,
      trunkFullyQualifiedDomainName: 'sbc-a.contoso.com',
      failureDateTime: '0001-01-01T00:00:00Z',
      duration: 60,
    };
    const charge = { id: 'p-1', startDateTime: START, duration: 300, currency: 'USD' };
    await pipeline.produce([
      directRouting(answered, fetched(0)),
      pstn({ ...charge, charge: 0.5 }, fetched(0)),
      // 1 h later: the same rows again, unchanged (a re-poll after a restart).
      directRouting(answered, fetched(1)),
      pstn({ ...charge, charge: 0.5 }, fetched(1)),
      // 30 h later: a row that was not there before, and corrections.
      directRouting(late, fetched(30)),
      directRouting(corrected, fetched(30)),
      pstn({ ...charge, charge: 0.75 }, fetched(30)),
      // An old fetch redelivered last must not win over the correction.
      directRouting(answered, fetched(1)),
    ]);

    const cell = async (metric: string, dimension: string, value: string) =>
      [...(await pipeline.readRollups()).values()].find(
        (doc) =>
          doc.metric === metric &&
          doc.interval === 'hour' &&
          doc.bucketStart === HOUR &&
          doc.dimension === dimension &&
          doc.value === value,
      ) as unknown as Record<string, unknown> | undefined;
    await waitFor(
      async () =>
        (await cell('direct-routing', 'trunk', 'sbc-b.contoso.com'))?.['calls'] === 1 &&
        (await cell('pstn', 'total', 'all'))?.['charge'] === 0.75,
      { timeoutMs: 40_000, intervalMs: 500, description: 'the rollups of the latest rows' },
    );

    // Two calls in all: dr-1 (now failed on sbc-b) and dr-2 (answered on sbc-a).
    expect(await cell('direct-routing', 'total', 'all')).toMatchObject({
      calls: 2,
      successes: 1,
      failures: 1,
    });
    expect(await cell('direct-routing', 'trunk', 'sbc-a.contoso.com')).toMatchObject({
      calls: 1,
      successes: 1,
      failures: 0,
    });
    expect(await cell('direct-routing', 'trunk', 'sbc-b.contoso.com')).toMatchObject({
      calls: 1,
      successes: 0,
      failures: 1,
    });
    // One PSTN call, charged 0.75 (the corrected charge), not 0.5 + 0.75.
    expect(await cell('pstn', 'total', 'all')).toMatchObject({
      calls: 1,
      charge: 0.75,
    });
  });
});
