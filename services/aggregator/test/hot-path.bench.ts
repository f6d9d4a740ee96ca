// CPU per record of the rollups' consumer-thread hot path, stage by stage, over the records of
// test/bench/aggregator.bench.ts (same shape, ordered), beside the baseline's own work (decoding):
// best of BENCH_ROUNDS rounds of batches of BENCH_BATCH records, CPU µs per record.
// Run: node scripts/run-ts.mts services/aggregator/test/hot-path.bench.ts [records]
import { CallRecordFetchedV1Definition, encodeEvent } from '@callrecords/contracts';
import { anAggregatorBenchEvent } from '@callrecords/testing';

import { ContributionStore } from '../src/contributions/contribution-store.repository';
import { planDeltas } from '../src/domain/cell-deltas';
import { contributionId, encodeContribution } from '../src/domain/contribution-plan';
import type { ContributionDocument } from '../src/domain/contribution-plan';
import { contributionWithinRetention } from '../src/rollups/past-retention';
import { decodeAggregatorEvent } from '../src/rollups/to-contribution';
import type { AggregatorEvent, EventContribution } from '../src/rollups/to-contribution';

const RECORDS = Number(process.argv[2] ?? 40_000);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 10_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const OPTIONS = {
  rules: {
    poorCall: { threshold: 0.1, minCalls: 20, windowHours: 3 },
    trunkFailure: { threshold: 0.2, minCalls: 20, windowHours: 1 },
    emergencyNumbers: new Set(['911']),
  },
};

// Version 1 as the benchmark produces it; version 2 is the same call again (a later version that
// changes nothing the rollups read, as when Graph updates a field the aggregator ignores).
function encoded(i: number, version: number) {
  const event = anAggregatorBenchEvent(i, { records: RECORDS, order: 'ordered' });
  return encodeEvent(CallRecordFetchedV1Definition, {
    ...event,
    payload: { ...event.payload, version, callRecord: { ...event.payload.callRecord, version } },
  });
}

type Stages = Record<string, number>;

// What ContributionState.stage does per record: the encoded form (kept for the local store) and
// the changelog message's key and bytes.
function changelogOf(part: string, docs: readonly ContributionDocument[]) {
  return docs.map((doc) => {
    const id = contributionId(doc);
    const value = encodeContribution(doc);
    const message = { key: `${part}|${id}`, value: Buffer.from(value) };
    return { id, hourStart: doc.hourStart, value, bytes: message.value.length };
  });
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** One pass over every batch: CPU ms per stage. */
function pass(
  messages: readonly ReturnType<typeof encoded>[],
  store: ContributionStore,
  part: string,
): Stages {
  const stages: Stages = {};
  const lap = (() => {
    let last = cpuMs();
    return (stage: string) => {
      const now = cpuMs();
      stages[stage] = (stages[stage] ?? 0) + now - last;
      last = now;
    };
  })();
  for (let start = 0; start < messages.length; start += BATCH) {
    const slice = messages.slice(start, start + BATCH);
    lap('other');
    const events: AggregatorEvent[] = slice.map((m) => decodeAggregatorEvent(m.value, m.headers));
    lap('decode');
    const now = Date.now();
    const contributions: EventContribution[] = events.map((e) =>
      contributionWithinRetention(e, OPTIONS, now),
    );
    lap('contribute');
    const ids = contributions.flatMap((c) => (c.doc ? [contributionId(c.doc)] : []));
    const stored = store.get(part, ids);
    lap('lookup');
    const plan = planDeltas(
      contributions.map((c, i) => ({
        position: { partitionKey: part, offset: start + i },
        ...(c.doc ? { doc: c.doc } : {}),
      })),
      stored,
    );
    lap('plan');
    const puts = changelogOf(part, plan.writes);
    lap('changelog');
    store.write(part, puts, []);
    lap('store');
  }
  return stages;
}

function main(): void {
  const passes = [1, 2].map((version) => ({
    name: version === 1 ? 'new records' : 'the same records again at version 2',
    messages: Array.from({ length: RECORDS }, (_, i) => encoded(i, version)),
    best: undefined as Stages | undefined,
  }));
  const store = ContributionStore.open();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const run of passes) {
      const stages = pass(run.messages, store, `records-${round}/0`);
      const best = run.best;
      run.best = best
        ? Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.min(v, best[k] ?? v)]))
        : stages;
    }
  }
  store.close();
  for (const run of passes) {
    report(run.name, run.best ?? {});
  }
}

function report(name: string, best: Stages): void {
  const us = (ms: number) => ((ms * 1000) / RECORDS).toFixed(1);
  const rows = Object.entries(best).filter(([k]) => k !== 'other');
  const decode = best['decode'] ?? 0;
  const total = rows.reduce((sum, [, v]) => sum + v, 0);
  process.stdout.write(
    `${name}, ${RECORDS} records, batch ${BATCH}, best CPU of ${ROUNDS} rounds (µs per record):\n` +
      rows.map(([k, v]) => `  ${k.padEnd(11)} ${us(v).padStart(6)}`).join('\n') +
      `\n  total       ${us(total).padStart(6)}  (${(total / decode).toFixed(2)} × decode)\n`,
  );
}

main();
