import {
  createEvent,
  DirectRoutingCallRowV1Definition,
  encodeEvent,
  EventEncodeError,
  graphKey,
  PstnCallRowV1Definition,
  ReportWatermarkV1Definition,
} from '@callrecords/contracts';
import type { ReportKind } from '@callrecords/contracts';
import type { OutgoingMessage } from '@callrecords/kafka';

import type { ReportProgress } from '../domain/report-settling';
import { startsInWindow } from '../domain/report-windows';
import type { TimeWindow } from '../domain/report-windows';

export interface ReportMessagesInput {
  readonly tenantId: string;
  readonly kind: ReportKind;
  /** The window polled: rows are kept when they start in it. */
  readonly window: TimeWindow;
  readonly rows: readonly unknown[];
  readonly now: Date;
  readonly topics: {
    readonly pstn: string;
    readonly directRouting: string;
    readonly watermarks: string;
  };
  /** Whether to produce a row (a re-poll skips rows unchanged since they were produced). */
  readonly include?: (key: string, row: unknown) => boolean;
  /** Seals a row's personal values (crypto-shredding), after it was compared with the last one. */
  readonly seal?: (row: unknown) => { value: unknown; keyMessages: OutgoingMessage[] };
}

/** One row to produce, with its key and start (for remembering what was produced). */
export interface RowMessage {
  readonly message: OutgoingMessage;
  /** Person keys to produce in the same transaction as `message` (sealed rows only). */
  readonly keyMessages: readonly OutgoingMessage[];
  readonly key: string;
  readonly row: unknown;
  /** Epoch ms of the row's start, NaN when it has none. */
  readonly startMs: number;
}

/** The watermark of a tenant's report: the last first-polled window and both watermarks. */
export interface WatermarkInput {
  readonly tenantId: string;
  readonly kind: ReportKind;
  readonly lastWindow: TimeWindow;
  readonly progress: ReportProgress;
  /** Rows produced for `lastWindow` by its first poll. */
  readonly rowCount: number;
  readonly now: Date;
  readonly topic: string;
}

/** The row events of one polled window, keyed by `<tenant>:<row id>`. */
export function reportMessages(input: ReportMessagesInput): {
  rows: RowMessage[];
  invalid: number;
  skipped: number;
} {
  const { window } = input;
  const wire = { fromDateTime: window.from.toISOString(), toDateTime: window.to.toISOString() };
  const rows: RowMessage[] = [];
  let invalid = 0;
  let skipped = 0;
  for (const row of input.rows) {
    const start = (row as { startDateTime?: string | null }).startDateTime;
    if (!startsInWindow(start, window)) {
      continue;
    }
    try {
      const message = rowMessage(input, { row, wire, start });
      const key = message.key;
      if (input.include && !input.include(key, row)) {
        skipped += 1;
        continue;
      }
      // Fingerprints compare clear rows: a sealed row differs at every poll (fresh IVs).
      const sealed = input.seal?.(row);
      rows.push({
        message: sealed ? rowMessage(input, { row: sealed.value, wire, start }) : message,
        keyMessages: sealed?.keyMessages ?? [],
        key,
        row,
        startMs: start ? Date.parse(start) : Number.NaN,
      });
    } catch (error) {
      // A row that breaks the contract (no id, bad dates) is counted and left out, so one bad
      // row cannot stop the report forever.
      if (!(error instanceof EventEncodeError)) {
        throw error;
      }
      invalid += 1;
    }
  }
  return { rows, invalid, skipped };
}

/** The watermark event of a tenant's report (compacted topic, key `<tenant>:<report>`). */
export function watermarkMessage(input: WatermarkInput): OutgoingMessage {
  const { tenantId, kind, lastWindow, progress, now } = input;
  const wire = {
    fromDateTime: lastWindow.from.toISOString(),
    toDateTime: lastWindow.to.toISOString(),
  };
  const watermarkEvent = createEvent(ReportWatermarkV1Definition, {
    tenantId,
    correlationId: `report-${kind}-${wire.toDateTime}`,
    occurredAt: lastWindow.to,
    producedAt: now,
    payload: {
      reportKind: kind,
      window: wire,
      rowCount: input.rowCount,
      completedAt: now.toISOString(),
      firstPolledTo: progress.firstPolledTo.toISOString(),
      settledTo: progress.settledTo.toISOString(),
      ...(progress.repolledAt ? { repolledAt: progress.repolledAt.toISOString() } : {}),
    },
  });
  const encoded = encodeEvent(ReportWatermarkV1Definition, watermarkEvent);
  return {
    topic: input.topic,
    key: graphKey(tenantId, kind),
    value: encoded.value,
    headers: encoded.headers,
  };
}

function rowMessage(
  input: ReportMessagesInput,
  item: {
    row: unknown;
    wire: { fromDateTime: string; toDateTime: string };
    start: string | null | undefined;
  },
): OutgoingMessage {
  const { tenantId, kind, now } = input;
  const started = item.start ? new Date(item.start) : now;
  const common = {
    tenantId,
    correlationId: `report-${kind}-${item.wire.toDateTime}`,
    occurredAt: Number.isNaN(started.getTime()) ? now : started,
    producedAt: now,
  };
  const payload = { row: item.row as never, window: item.wire, fetchedAt: now.toISOString() };
  const encoded =
    kind === 'pstn'
      ? encodeEvent(
          PstnCallRowV1Definition,
          createEvent(PstnCallRowV1Definition, { ...common, payload }),
        )
      : encodeEvent(
          DirectRoutingCallRowV1Definition,
          createEvent(DirectRoutingCallRowV1Definition, { ...common, payload }),
        );
  const rowId = (item.row as { id?: unknown }).id;
  const id = typeof rowId === 'string' ? rowId : '';
  return {
    topic: kind === 'pstn' ? input.topics.pstn : input.topics.directRouting,
    key: graphKey(tenantId, id),
    value: encoded.value,
    headers: encoded.headers,
    // Dated by the call's start: time-based retention of the topic counts from there.
    timestamp: (Number.isNaN(started.getTime()) ? now : started).getTime(),
  };
}
