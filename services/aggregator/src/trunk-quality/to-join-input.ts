import type { CallRecordFetchedV1, DirectRoutingCallRowV1 } from '@callrecords/contracts';

import { recordQualityOf } from '../domain/trunk-join';
import type { TrunkJoinInput } from '../domain/trunk-join';

export type TrunkQualityEvent = CallRecordFetchedV1 | DirectRoutingCallRowV1;

/**
 * What one event brings to its call's join state; undefined for a row without `correlationId`
 * (nothing to join it to). Rows have no version: the latest fetch wins.
 */
export function toJoinInput(event: TrunkQualityEvent): TrunkJoinInput | undefined {
  const tenantId = event.tenantId;
  if (event.type === 'CallRecordFetched') {
    const record = event.payload.callRecord;
    return {
      kind: 'record',
      tenantId,
      callRecordId: record.id,
      version: event.payload.version,
      startDateTime: record.startDateTime ?? null,
      quality: recordQualityOf(record),
    };
  }
  const row = event.payload.row;
  if (!row.correlationId) {
    return undefined;
  }
  return {
    kind: 'row',
    tenantId,
    callRecordId: row.correlationId,
    rowId: row.id,
    row: { fetchedAt: event.payload.fetchedAt, trunk: row.trunkFullyQualifiedDomainName ?? null },
  };
}
