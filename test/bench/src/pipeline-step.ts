// One rate step of the end-to-end benchmark: records seeded into the simulator at `rate` per
// second for `durationS`, each timed from its webhook delivery to the first GraphQL answer that
// lists it.
import type { CallRecord } from '@callrecords/contracts';
import type { Simulator } from '@callrecords/graph-simulator';
import { aMeetingWithSessions } from '@callrecords/testing';

import { quantile } from './pipeline-probes';
import type { RecordTimes } from './pipeline-tap';

export interface StepOptions {
  readonly simulator: Simulator;
  readonly tenantId: string;
  /** Sends a GraphQL query to the gateway and returns `data`. */
  readonly graphql: <T>(query: string, variables: Record<string, unknown>) => Promise<T>;
  readonly rate: number;
  readonly durationS: number;
  /** How long after the last record is seeded the step waits for the rest to be visible. */
  readonly drainS: number;
  readonly pollMs: number;
  /** Distinct per step: its records start in their own time range. */
  readonly index: number;
  /** Per call record, when Kafka saw it pass each stage (`tapPipeline`). */
  readonly times?: ReadonlyMap<string, RecordTimes>;
}

/** One stage's share of the latency: p50/p95 over the step's records, in ms. */
export interface StageSplit {
  readonly stage: string;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly samples: number;
}

export interface StepResult {
  readonly rate: number;
  readonly seeded: number;
  readonly visible: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Every record visible, and p95 under 2 s. */
  readonly sustained: boolean;
  /** Where the time went, stage by stage (each record's steps sum to its latency). */
  readonly stages: readonly StageSplit[];
}

// Each stage is the time between two consecutive moments of a record's way; together they cover
// webhook delivery → GraphQL.
const STAGES: readonly {
  readonly stage: string;
  readonly from: (t: Moments) => number | undefined;
  readonly to: (t: Moments) => number | undefined;
}[] = [
  {
    stage: 'webhook → notification readable in Kafka (ingestion, acks=all)',
    from: (t) => t.delivered,
    to: (t) => t.notificationReadAt,
  },
  {
    stage: 'notification readable → record event built (fetcher: consume, Graph GETs)',
    from: (t) => t.notificationReadAt,
    to: (t) => t.recordProducedAt,
  },
  {
    stage: 'record event built → readable, read_committed (fetcher transaction)',
    from: (t) => t.recordProducedAt,
    to: (t) => t.recordReadAt,
  },
  {
    stage: 'record readable → listed by GraphQL (indexer bulk, refresh, gateway, poll)',
    from: (t) => t.recordReadAt,
    to: (t) => t.visible,
  },
];

interface Moments extends RecordTimes {
  readonly delivered?: number;
  readonly visible?: number;
}

function stageSplits(moments: readonly Moments[]): StageSplit[] {
  return STAGES.map(({ stage, from, to }) => {
    const spans = moments.flatMap((m) => {
      const [start, end] = [from(m), to(m)];
      return start === undefined || end === undefined ? [] : [end - start];
    });
    return {
      stage,
      p50Ms: quantile(spans, 0.5),
      p95Ms: quantile(spans, 0.95),
      samples: spans.length,
    };
  });
}

// The gateway's query cost limit (5,000) allows pages of a few hundred ids.
const PAGE = 500;
const STEP_SPAN_MS = 3 * 3_600_000;

const LIST = `query($from: String, $to: String, $first: Int, $after: String) {
  callRecords(first: $first, after: $after, filter: { from: $from, to: $to },
              sort: { field: START_DATE_TIME, direction: ASC }) {
    items { id }
    pageInfo { endCursor hasNextPage }
  }
}`;

interface ListPage {
  callRecords: {
    items: { id: string }[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

// Small meetings (two sessions: the record and one participants page, two Graph requests), each
// starting 10 ms after the previous one so that the step's records sort in seeding order.
function stepRecords(options: StepOptions, base: number): CallRecord[] {
  return Array.from({ length: options.rate * options.durationS }, (_, i) => {
    const record = aMeetingWithSessions(2, options.index * 1_000_000 + i + 1);
    const start = base + i * 10;
    return {
      ...record,
      startDateTime: new Date(start).toISOString(),
      endDateTime: new Date(start + 60_000).toISOString(),
      lastModifiedDateTime: new Date(start + 120_000).toISOString(),
    };
  });
}

async function seedAtRate(options: StepOptions, records: readonly CallRecord[]): Promise<void> {
  const begin = performance.now();
  let seeded = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(
        records.length,
        Math.floor(((performance.now() - begin) / 1000) * options.rate),
      );
      for (; seeded < due; seeded += 1) {
        options.simulator.seedCallRecord(records[seeded] as never, options.tenantId);
      }
      if (seeded >= records.length) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
}

function noteFirstSeen(visibleAt: Map<string, number>, ids: readonly string[]): void {
  const now = Date.now();
  for (const id of ids.filter((seen) => !visibleAt.has(seen))) {
    visibleAt.set(id, now);
  }
}

// Lists the step's records from the first one not yet seen, page by page, noting when each is
// first returned and how long each GraphQL request took.
async function pollVisible(
  options: StepOptions,
  records: readonly CallRecord[],
  until: () => boolean,
): Promise<{ visibleAt: Map<string, number>; requestMs: number[] }> {
  const visibleAt = new Map<string, number>();
  const requestMs: number[] = [];
  const to = new Date(Date.parse(records[0]?.startDateTime ?? '') + STEP_SPAN_MS).toISOString();
  let firstUnseen = 0;
  while (!until() && visibleAt.size < records.length) {
    while (firstUnseen < records.length && visibleAt.has(records[firstUnseen]?.id ?? '')) {
      firstUnseen += 1;
    }
    const from = records[firstUnseen]?.startDateTime;
    let after: string | null = null;
    for (let more = true; more;) {
      const sent = performance.now();
      const page: ListPage = await options.graphql<ListPage>(LIST, {
        from,
        to,
        first: PAGE,
        after,
      });
      requestMs.push(performance.now() - sent);
      noteFirstSeen(
        visibleAt,
        page.callRecords.items.map((item) => item.id),
      );
      ({ endCursor: after, hasNextPage: more } = page.callRecords.pageInfo);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
  return { visibleAt, requestMs };
}

// When each record's notification reached ingestion's webhook (first delivered attempt).
function deliveredAt(simulator: Simulator): Map<string, number> {
  const at = new Map<string, number>();
  for (const delivery of simulator.deliveries({ kind: 'change', outcome: 'delivered' })) {
    const value = delivery.body?.['value'];
    for (const item of Array.isArray(value) ? value : []) {
      const id = (item as { resourceData?: { id?: string } }).resourceData?.id;
      const when = Date.parse(delivery.at);
      if (id && !(at.get(id)! <= when)) {
        at.set(id, when);
      }
    }
  }
  return at;
}

/** Runs one rate step and returns its latency percentiles (webhook delivery → GraphQL). */
export async function runStep(options: StepOptions): Promise<StepResult> {
  const base = Date.now() - 2 * 86_400_000 + options.index * STEP_SPAN_MS;
  const records = stepRecords(options, base);
  let deadline = Number.POSITIVE_INFINITY;
  const polling = pollVisible(options, records, () => Date.now() > deadline);
  // Awaited below; a failure while seeding is still running must not be an unhandled rejection.
  polling.catch(() => undefined);
  await seedAtRate(options, records);
  deadline = Date.now() + options.drainS * 1000;
  const { visibleAt, requestMs } = await polling;
  const delivered = deliveredAt(options.simulator);
  const latencies = records.flatMap((r) => {
    const [seen, sent] = [visibleAt.get(r.id), delivered.get(r.id)];
    return seen !== undefined && sent !== undefined ? [Math.max(0, seen - sent)] : [];
  });
  const p95Ms = quantile(latencies, 0.95);
  const moments = records.map((r) => ({
    ...options.times?.get(r.id),
    delivered: delivered.get(r.id),
    visible: visibleAt.get(r.id),
  }));
  return {
    rate: options.rate,
    seeded: records.length,
    visible: visibleAt.size,
    p50Ms: quantile(latencies, 0.5),
    p95Ms,
    p99Ms: quantile(latencies, 0.99),
    maxMs: quantile(latencies, 1),
    sustained: visibleAt.size === records.length && p95Ms < 2_000,
    stages: [
      ...stageSplits(moments),
      {
        stage: "of which one GraphQL list request of the bench's polling (round trip)",
        p50Ms: quantile(requestMs, 0.5),
        p95Ms: quantile(requestMs, 0.95),
        samples: requestMs.length,
      },
    ],
  };
}
