import type { JsonObject } from '../simulator.types';
import { objectsIn } from '../simulator.types';
import { withoutGeneratedAnnotations } from './annotations';

export type SeedOutcome = 'created' | 'updated' | 'replaced';

interface TenantData {
  readonly callRecords: Map<string, JsonObject>;
  readonly pstnRows: Map<string, JsonObject>;
  readonly directRoutingRows: Map<string, JsonObject>;
}

/**
 * In-memory Graph data per tenant: call records (full, with sessions/segments/participants) and
 * report rows.
 */
export class DataStore {
  private readonly tenants = new Map<string, TenantData>();

  /**
   * Stores a record; `created` if new, `updated` if its version is higher, else `replaced` (no
   * notification).
   */
  putCallRecord(
    tenantId: string,
    body: JsonObject,
  ): { id: string; version: number; outcome: SeedOutcome } {
    const record = withoutGeneratedAnnotations(body) as JsonObject;
    const id = record['id'];
    if (typeof id !== 'string' || id.length === 0) {
      throw new TypeError('a call record needs a string id');
    }
    const version = typeof record['version'] === 'number' ? record['version'] : 0;
    const records = this.tenant(tenantId).callRecords;
    const previous = records.get(id);
    records.set(id, record);
    if (!previous) {
      return { id, version, outcome: 'created' };
    }
    const previousVersion = typeof previous['version'] === 'number' ? previous['version'] : 0;
    return { id, version, outcome: version > previousVersion ? 'updated' : 'replaced' };
  }

  getCallRecord(tenantId: string, id: string): JsonObject | undefined {
    return this.tenants.get(tenantId)?.callRecords.get(id);
  }

  listCallRecords(tenantId: string): JsonObject[] {
    return [...(this.tenants.get(tenantId)?.callRecords.values() ?? [])];
  }

  putPstnRows(tenantId: string, rows: unknown): number {
    return putRows(this.tenant(tenantId).pstnRows, rows);
  }

  putDirectRoutingRows(tenantId: string, rows: unknown): number {
    return putRows(this.tenant(tenantId).directRoutingRows, rows);
  }

  pstnRows(tenantId: string): JsonObject[] {
    return [...(this.tenants.get(tenantId)?.pstnRows.values() ?? [])];
  }

  directRoutingRows(tenantId: string): JsonObject[] {
    return [...(this.tenants.get(tenantId)?.directRoutingRows.values() ?? [])];
  }

  counts(): Record<string, { callRecords: number; pstnRows: number; directRoutingRows: number }> {
    return Object.fromEntries(
      [...this.tenants].map(([tenantId, data]) => [
        tenantId,
        {
          callRecords: data.callRecords.size,
          pstnRows: data.pstnRows.size,
          directRoutingRows: data.directRoutingRows.size,
        },
      ]),
    );
  }

  clear(): void {
    this.tenants.clear();
  }

  private tenant(tenantId: string): TenantData {
    let data = this.tenants.get(tenantId);
    if (!data) {
      data = { callRecords: new Map(), pstnRows: new Map(), directRoutingRows: new Map() };
      this.tenants.set(tenantId, data);
    }
    return data;
  }
}

// Rows are keyed by their `id` (a GUID per libs/contracts/graph-reference/FACTS.md); a row with a
// known id replaces the old one.
function putRows(target: Map<string, JsonObject>, rows: unknown): number {
  const objects = objectsIn(rows).map((row) => withoutGeneratedAnnotations(row) as JsonObject);
  for (const row of objects) {
    const id = typeof row['id'] === 'string' ? row['id'] : `row-${target.size}`;
    target.set(id, row);
  }
  return objects.length;
}
