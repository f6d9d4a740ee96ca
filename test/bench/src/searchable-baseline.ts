// The raw floor of "written → searchable": documents indexed straight into OpenSearch (refresh
// 1 s, as the records index) and polled with the same interval as the pipeline's records.
import { quantile } from './pipeline-probes';

export interface BaselineResult {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

async function call(url: string, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return response.json();
}

/** Writes `samples` documents, one every 50 ms, and times each until a search returns it. */
export async function measureSearchableBaseline(options: {
  readonly openSearchUrl: string;
  readonly index: string;
  readonly samples: number;
  readonly pollMs: number;
}): Promise<BaselineResult> {
  const index = `${options.openSearchUrl}/${options.index}`;
  await call(index, 'PUT', { settings: { number_of_shards: 1, refresh_interval: '1s' } });
  const writtenAt = new Map<string, number>();
  const latencies: number[] = [];
  try {
    const writing = (async () => {
      for (let i = 0; i < options.samples; i += 1) {
        const id = `doc-${i}`;
        await call(`${index}/_doc/${id}`, 'PUT', { n: i });
        writtenAt.set(id, Date.now());
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const seen = new Set<string>();
    const deadline = Date.now() + 60_000;
    while (seen.size < options.samples && Date.now() < deadline) {
      const result = (await call(`${index}/_search`, 'POST', {
        size: options.samples,
        _source: false,
      })) as { hits?: { hits?: { _id: string }[] } };
      const now = Date.now();
      const fresh = (result.hits?.hits ?? []).filter(
        (hit) => !seen.has(hit._id) && writtenAt.has(hit._id),
      );
      for (const hit of fresh) {
        seen.add(hit._id);
        latencies.push(now - (writtenAt.get(hit._id) ?? now));
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
    await writing;
  } finally {
    await call(index, 'DELETE').catch(() => undefined);
  }
  return {
    samples: latencies.length,
    p50Ms: quantile(latencies, 0.5),
    p95Ms: quantile(latencies, 0.95),
    p99Ms: quantile(latencies, 0.99),
  };
}
