// What `npm start` tells a person at the terminal: service logs as readable lines (pino-pretty) on a
// terminal or with LOG_FORMAT=pretty (JSON otherwise), one block once everything is up, and a status
// line every few seconds read from the services' /metrics.
import { prettyFactory } from 'pino-pretty';

import type { ProcessSpec } from './processes.mts';

/** pino-pretty's settings, as libs/service-kit's logger uses them on a terminal. */
const PRETTY = {
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,service,version',
  singleLine: true,
} as const;

export type LineFormat = 'json' | 'pretty';

export function lineFormat(env: NodeJS.ProcessEnv, isTerminal: boolean): LineFormat {
  const asked = env['LOG_FORMAT'];
  if (asked === 'json' || asked === 'pretty') {
    return asked;
  }
  return isTerminal ? 'pretty' : 'json';
}

/** Renders the lines of the children (pino JSON, or plain text) and counts error-level ones. */
export function createLineRenderer(
  format: LineFormat,
  colorize: boolean,
): { render(line: string): string; errors(): number } {
  const pretty = prettyFactory({ ...PRETTY, colorize });
  let errors = 0;
  return {
    render(line) {
      if (!line.startsWith('{')) {
        return line;
      }
      let entry: { level?: unknown };
      try {
        entry = JSON.parse(line) as { level?: unknown };
      } catch {
        return line;
      }
      if (entry.level === 'error' || entry.level === 'fatal') {
        errors += 1;
      }
      return format === 'pretty' && entry.level !== undefined ? pretty(entry).trimEnd() : line;
    },
    errors: () => errors,
  };
}

function envOf(specs: readonly ProcessSpec[], name: string, key: string): string | undefined {
  return specs.find((spec) => spec.name === name)?.env?.[key];
}

/** Where each piece of the running pipeline answers, from the process list. */
export function endpointsOf(specs: readonly ProcessSpec[], env: NodeJS.ProcessEnv) {
  const gateway = `http://127.0.0.1:${envOf(specs, 'gateway', 'GATEWAY_PORT') ?? '4000'}`;
  const simulatorControl = `http://127.0.0.1:${envOf(specs, 'graph-simulator', 'GRAPH_SIM_HTTP_PORT') ?? '4011'}/_sim`;
  const metrics = ['ingestion', 'fetcher', 'indexer', 'aggregator', 'gateway'].map((name) => {
    const port = envOf(specs, name, `${name.toUpperCase()}_PORT`);
    return { name, url: port ? `http://127.0.0.1:${port}/metrics` : undefined };
  });
  return {
    graphql: `${gateway}/graphql`,
    graphiql: `${gateway}/graphiql`,
    simulatorControl,
    simulatorGraph: envOf(specs, 'ingestion', 'GRAPH_BASE_URL') ?? 'https://127.0.0.1:4010',
    openSearch: env['OPENSEARCH_URL'] ?? '',
    kafka: env['KAFKA_BROKERS'] ?? '',
    metrics,
  };
}

export type Endpoints = ReturnType<typeof endpointsOf>;

function metricsUrls(endpoints: Endpoints): string {
  const ports = endpoints.metrics.flatMap((m) => (m.url ? [new URL(m.url).port] : []));
  return `http://127.0.0.1:{${ports.join(',')}}/metrics  (and /health/ready)`;
}

/** The block printed once every process answers: what runs where, and how to get a token. */
export function readyBlock(endpoints: Endpoints): string {
  const token =
    `curl -s -X POST ${endpoints.simulatorControl}/tokens -H 'content-type: application/json' -d '{}'` +
    ` | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).accessToken'`;
  const rows: [string, string][] = [
    ['GraphQL', `${endpoints.graphql}  (Authorization: Bearer <token>)`],
    ['GraphiQL', `${endpoints.graphiql}  (paste the token into its headers)`],
    ['token', token],
    ['OpenSearch', endpoints.openSearch],
    ['Kafka', endpoints.kafka],
    [
      'simulator',
      `${endpoints.simulatorControl}/requests  (control API; Graph at ${endpoints.simulatorGraph})`,
    ],
    ['metrics', metricsUrls(endpoints)],
  ];
  const rule = '─'.repeat(78);
  return [
    rule,
    'callrecords is up. Demo records flow in over the next minutes.',
    ...rows.map(([name, value]) => `  ${name.padEnd(11)}${value}`),
    '  Ctrl-C stops the pipeline; the stack stays up (npm run stack -- down).',
    rule,
  ].join('\n');
}

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

// Prometheus text exposition: `name{label="value",…} number`; comments and blank lines skipped.
export function parseMetrics(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || line.startsWith('#')) {
      return [];
    }
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key ?? ''] = value ?? '';
    }
    return [{ name: match[1] ?? '', labels, value: Number(match[3]) }];
  });
}

function sum(
  samples: readonly Sample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}

/** Figures of the status line, from each service's metrics (undefined: not answering yet). */
export interface Status {
  readonly notified?: number;
  readonly fetched?: number;
  readonly indexed?: number;
  readonly rolledUp?: number;
  readonly lag?: number;
}

export function statusOf(metrics: Readonly<Record<string, Sample[] | undefined>>): Status {
  const of = (service: string, name: string, labels?: Record<string, string>) => {
    const samples = metrics[service];
    return samples ? sum(samples, name, labels) : undefined;
  };
  const lags = ['fetcher', 'indexer', 'aggregator'].map((service) =>
    of(service, 'callrecords_kafka_consumer_lag'),
  );
  return {
    notified: of('ingestion', 'callrecords_ingestion_notifications_received_total', {
      endpoint: 'change',
    }),
    fetched: of('fetcher', 'callrecords_fetcher_records_fetched_total'),
    indexed: of('indexer', 'callrecords_indexer_documents_total', {
      index: 'records',
      outcome: 'written',
    }),
    rolledUp: of('aggregator', 'callrecords_aggregator_events_total', { source: 'records' }),
    lag: lags.some((lag) => lag === undefined)
      ? undefined
      : lags.reduce<number>((a, b) => a + (b ?? 0), 0),
  };
}

export function statusLine(status: Status, errors: number): string {
  const show = (value: number | undefined): string => (value === undefined ? '–' : String(value));
  return (
    `records notified ${show(status.notified)} · fetched ${show(status.fetched)} · ` +
    `indexed ${show(status.indexed)} · rolled up ${show(status.rolledUp)} · ` +
    `consumer lag ${show(status.lag)} · error lines ${errors}`
  );
}

/** Reads every service's /metrics once (a service that does not answer counts as undefined). */
export async function readStatus(endpoints: Endpoints): Promise<Status> {
  const entries = await Promise.all(
    endpoints.metrics.map(async ({ name, url }) => {
      if (!url) {
        return [name, undefined] as const;
      }
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(
        () => undefined,
      );
      return [name, response?.ok ? parseMetrics(await response.text()) : undefined] as const;
    }),
  );
  return statusOf(Object.fromEntries(entries));
}

/** The TCP ports the process list will listen on (services and simulator), to check before start. */
export function portsOf(specs: readonly ProcessSpec[]): number[] {
  const ports = specs.flatMap((spec) =>
    Object.entries(spec.env ?? {}).flatMap(([key, value]) =>
      /_PORT$/.test(key)
        ? [Number(value)]
        : key === 'GRAPH_BASE_URL'
          ? [Number(new URL(value).port)]
          : [],
    ),
  );
  return [...new Set(ports)].filter((port) => port > 0).sort((a, b) => a - b);
}
