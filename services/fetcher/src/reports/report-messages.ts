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

import { startsInWindow } from '../domain/report-windows';
import type { TimeWindow } from '../domain/report-windows';

export interface ReportMessagesInput {
  readonly tenantId: string;
  readonly kind: ReportKind;
  readonly window: TimeWindow;
  readonly rows: readonly unknown[];
  readonly now: Date;
  readonly topics: {
    readonly pstn: string;
    readonly directRouting: string;
    readonly watermarks: string;
  };
}

/** The row events of one polled window (keyed by row id) and the watermark that closes it. */
export function reportMessages(input: ReportMessagesInput): {
  rows: OutgoingMessage[];
  watermark: OutgoingMessage;
  invalid: number;
} {
  const { tenantId, kind, window, now } = input;
  const wire = { fromDateTime: window.from.toISOString(), toDateTime: window.to.toISOString() };
  const rows: OutgoingMessage[] = [];
  let invalid = 0;
  for (const row of input.rows) {
    const start = (row as { startDateTime?: string | null }).startDateTime;
    if (!startsInWindow(start, window)) {
      continue;
    }
    try {
      rows.push(rowMessage(input, { row, wire, start }));
    } catch (error) {
      // A row that breaks the contract (no id, bad dates) is counted and left out, so one bad
      // row cannot stop the report forever.
      if (!(error instanceof EventEncodeError)) {
        throw error;
      }
      invalid += 1;
    }
  }
  const watermarkEvent = createEvent(ReportWatermarkV1Definition, {
    tenantId,
    correlationId: `report-${kind}-${wire.toDateTime}`,
    occurredAt: window.to,
    producedAt: now,
    payload: {
      reportKind: kind,
      window: wire,
      rowCount: rows.length,
      completedAt: now.toISOString(),
    },
  });
  const encoded = encodeEvent(ReportWatermarkV1Definition, watermarkEvent);
  return {
    rows,
    invalid,
    watermark: {
      topic: input.topics.watermarks,
      key: graphKey(tenantId, kind),
      value: encoded.value,
      headers: encoded.headers,
    },
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
  };
}
