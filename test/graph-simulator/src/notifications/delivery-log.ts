import type { JsonObject } from '../simulator.types';

/** One POST the simulator made (or decided not to make) to a webhook endpoint. */
export interface DeliveryRecord {
  readonly id: string;
  /** Same for every attempt of one batch. */
  readonly batchId: string;
  readonly kind: 'validation' | 'change' | 'lifecycle';
  readonly url: string;
  readonly attempt: number;
  readonly outcome: 'delivered' | 'failed' | 'dropped' | 'delayed' | 'abandoned';
  readonly status: number | undefined;
  readonly error: string | undefined;
  readonly durationMs: number | undefined;
  readonly at: string;
  readonly subscriptionIds: readonly string[];
  readonly body: JsonObject | undefined;
}

export interface DeliveryQuery {
  readonly kind?: string;
  readonly subscriptionId?: string;
  readonly outcome?: string;
}

const KEEP = 5_000;

export class DeliveryLog {
  private records: DeliveryRecord[] = [];

  add(record: DeliveryRecord): void {
    this.records.push(record);
    if (this.records.length > KEEP) {
      this.records = this.records.slice(-KEEP);
    }
  }

  query(query: DeliveryQuery = {}): DeliveryRecord[] {
    return this.records.filter(
      (record) =>
        (query.kind === undefined || record.kind === query.kind) &&
        (query.outcome === undefined || record.outcome === query.outcome) &&
        (query.subscriptionId === undefined ||
          record.subscriptionIds.includes(query.subscriptionId)),
    );
  }

  clear(): void {
    this.records = [];
  }
}
