// The simulator of the fault drills (broker restart, SIGKILL): every Graph answer takes a while, so
// batches are still in flight when the fault hits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CallRecord } from '@callrecords/contracts';
import { createSimulator } from '@callrecords/graph-simulator';
import type { StartedSimulator } from '@callrecords/graph-simulator';
import { aMeetingWithSessions } from '@callrecords/testing';

import type { SimulatorEndpoints } from './fetcher-harness';

export interface SlowSimulator {
  readonly started: StartedSimulator;
  readonly endpoints: SimulatorEndpoints;
  /** Seeds `count` two-session meetings (seeds from `firstSeed` on) and returns them. */
  seedMeetings(count: number, firstSeed: number): CallRecord[];
  stop(): Promise<void>;
}

export async function startSlowSimulator(): Promise<SlowSimulator> {
  const dir = mkdtempSync(join(tmpdir(), 'fetcher-faults-'));
  const caFile = join(dir, 'ca.pem');
  const simulator = createSimulator({ caFile });
  const started = await simulator.start();
  simulator.addFault({ kind: 'latency', latencyMs: 40, durationMs: 10 * 60 * 1000 });
  return {
    started,
    endpoints: {
      graphUrl: started.graphUrl,
      clientId: started.clientId,
      clientSecret: started.clientSecret,
      tenantIds: [started.tenantId],
      caFile,
    },
    seedMeetings: (count, firstSeed) =>
      Array.from({ length: count }, (_, i) => {
        const record = aMeetingWithSessions(2, firstSeed + i);
        simulator.seedCallRecord(record, started.tenantId);
        return record;
      }),
    stop: async () => {
      await simulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
