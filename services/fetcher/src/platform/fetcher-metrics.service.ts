import { Counter, Gauge, Histogram } from '@callrecords/service-kit';
import type { Registry } from '@callrecords/service-kit';

/** The fetcher's own series (`callrecords_fetcher_*`); the consumer runner adds lag and outcomes. */
export class FetcherMetrics {
  readonly graphRequests: Counter<'status' | 'kind'>;
  readonly recordsFetched: Counter;
  readonly coalesced: Counter;
  readonly retries: Counter<'reason' | 'via'>;
  readonly deadLetters: Counter<'reason'>;
  readonly reportRows: Counter<'kind'>;
  readonly reportRowsInvalid: Counter<'kind'>;
  readonly reportWatermark: Gauge<'kind' | 'tenant'>;
  readonly reportSettled: Gauge<'kind' | 'tenant'>;
  readonly reportRepolledRows: Counter<'kind' | 'result'>;
  readonly reportFailures: Counter<'kind'>;
  readonly limiterWait: Histogram<'limit'>;
  readonly limiterShare: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.graphRequests = new Counter({
      name: 'callrecords_fetcher_graph_requests_total',
      help: 'Graph requests by HTTP status (0 = no response) and kind (call-record, report)',
      labelNames: ['status', 'kind'],
      registers,
    });
    this.recordsFetched = new Counter({
      name: 'callrecords_fetcher_records_fetched_total',
      help: 'Complete call records produced to the records topic',
      registers,
    });
    this.coalesced = new Counter({
      name: 'callrecords_fetcher_coalesced_notifications_total',
      help: 'Notifications answered by the fetch of another notification for the same record',
      registers,
    });
    this.retries = new Counter({
      name: 'callrecords_fetcher_retries_total',
      help: 'Retries by reason, waited in the batch (inline) or sent to the retry topic (topic)',
      labelNames: ['reason', 'via'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'callrecords_fetcher_dlq_total',
      help: 'Notifications given up on (sent to the dead-letter topic), by reason',
      labelNames: ['reason'],
      registers,
    });
    const reports = reportSeries(registers);
    this.reportRows = reports.rows;
    this.reportRowsInvalid = reports.invalid;
    this.reportWatermark = reports.watermark;
    this.reportSettled = reports.settled;
    this.reportRepolledRows = reports.repolled;
    this.reportFailures = reports.failures;
    this.limiterWait = new Histogram({
      name: 'callrecords_fetcher_limiter_wait_seconds',
      help: 'Time a Graph request waited for the rate limiter, by the limit that held it',
      labelNames: ['limit'],
      buckets: [0, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    this.limiterShare = new Gauge({
      name: 'callrecords_fetcher_limiter_share_ratio',
      help: "This replica's fraction of the per-app and per-tenant Graph budgets (its partitions)",
      registers,
    });
  }
}

function reportSeries(registers: Registry[]) {
  return {
    rows: new Counter({
      name: 'callrecords_fetcher_report_rows_total',
      help: 'PSTN / Direct Routing rows produced',
      labelNames: ['kind'],
      registers,
    }),
    invalid: new Counter({
      name: 'callrecords_fetcher_report_rows_invalid_total',
      help: 'Report rows skipped because they do not match the contract (no id, bad dates)',
      labelNames: ['kind'],
      registers,
    }),
    watermark: new Gauge({
      name: 'callrecords_fetcher_report_watermark_timestamp_seconds',
      help: 'End of the last fully polled report window, per tenant and report',
      labelNames: ['kind', 'tenant'],
      registers,
    }),
    settled: new Gauge({
      name: 'callrecords_fetcher_report_settled_timestamp_seconds',
      help: 'Calls that started before this were polled again after the settle period, per tenant and report',
      labelNames: ['kind', 'tenant'],
      registers,
    }),
    repolled: new Counter({
      name: 'callrecords_fetcher_report_repolled_rows_total',
      help: 'Rows read by re-polls: result="new-or-changed" (produced) or "unchanged" (not produced)',
      labelNames: ['kind', 'result'],
      registers,
    }),
    failures: new Counter({
      name: 'callrecords_fetcher_report_poll_failures_total',
      help: 'Report windows that failed and will be polled again',
      labelNames: ['kind'],
      registers,
    }),
  };
}
