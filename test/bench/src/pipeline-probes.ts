// What the end-to-end benchmark watches while it runs: consumer lag of each consuming service
// (from its /metrics) and the resident memory and CPU of each service process (from /proc).
import { readFileSync } from 'node:fs';

/** One sample of one service. */
export interface ProcessSample {
  readonly atS: number;
  readonly service: string;
  readonly rssMb: number;
  /** Percent of one core over the last interval. */
  readonly cpuPercent: number;
  /** Sum of callrecords_kafka_consumer_lag over its partitions (consumers only). */
  readonly lag: number | undefined;
}

export interface WatchedService {
  readonly name: string;
  readonly url: string;
  readonly pid: number | undefined;
}

// Linux reports CPU time in clock ticks; 100 per second on every common kernel build.
const TICKS_PER_SECOND = 100;

function readProc(pid: number): { rssMb: number; cpuTicks: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    // Fields after the command name (which may hold spaces): utime and stime are the 12th, 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    return { rssMb: rssKb / 1024, cpuTicks };
  } catch {
    return undefined;
  }
}

async function consumerLag(url: string): Promise<number | undefined> {
  const text = await fetch(`${url}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  const lines = text.split('\n').filter((l) => l.startsWith('callrecords_kafka_consumer_lag{'));
  if (lines.length === 0) {
    return undefined;
  }
  return lines.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Samples every service every `everyMs` until `stop()`; returns every sample taken. */
export function watchServices(
  services: readonly WatchedService[],
  everyMs: number,
): { samples: ProcessSample[]; stop: () => void } {
  const samples: ProcessSample[] = [];
  const begin = performance.now();
  const previous = new Map<string, { ticks: number; at: number }>();
  const sample = async (): Promise<void> => {
    const atS = (performance.now() - begin) / 1000;
    for (const service of services) {
      const proc = service.pid === undefined ? undefined : readProc(service.pid);
      if (!proc) {
        continue;
      }
      const last = previous.get(service.name);
      previous.set(service.name, { ticks: proc.cpuTicks, at: atS });
      const cpuPercent = last
        ? ((proc.cpuTicks - last.ticks) / TICKS_PER_SECOND / Math.max(0.001, atS - last.at)) * 100
        : 0;
      const lag = await consumerLag(service.url);
      samples.push({ atS, service: service.name, rssMb: proc.rssMb, cpuPercent, lag });
    }
  };
  const timer = setInterval(() => void sample(), everyMs);
  return { samples, stop: () => clearInterval(timer) };
}

/** The value at quantile `q` (0..1) of `values` (nearest rank), or NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/** Cumulative bucket counts of one Prometheus histogram, summed over the series matching `where`. */
export type HistogramBuckets = ReadonlyMap<number, number>;

/** Reads `<name>_bucket` from a service's /metrics, summing the series whose labels match. */
export async function readHistogram(
  url: string,
  name: string,
  where: (labels: string) => boolean,
): Promise<HistogramBuckets> {
  const text = await fetch(`${url}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  const buckets = new Map<number, number>();
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}_bucket\\{(.*)\\} (\\S+)$`).exec(line);
    if (!match || !where(match[1] ?? '')) {
      continue;
    }
    const le = /le="([^"]+)"/.exec(match[1] ?? '')?.[1] ?? '';
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(match[2]));
  }
  return buckets;
}

/**
 * The quantile `q` of the observations made between two snapshots of a histogram, as the upper
 * bound of the bucket it falls in (Prometheus buckets say no more), in ms; NaN when none.
 */
export function histogramQuantileMs(
  before: HistogramBuckets,
  after: HistogramBuckets,
  q: number,
): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const total = counts[counts.length - 1] ?? 0;
  if (total <= 0) {
    return Number.NaN;
  }
  const index = counts.findIndex((count) => count >= q * total);
  return (bounds[index] ?? Number.NaN) * 1000;
}
