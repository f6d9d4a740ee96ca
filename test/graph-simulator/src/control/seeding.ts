import type { SimulatorContext } from '../simulator-context';
import type { JsonObject } from '../simulator.types';
import { notifyRecordChange } from '../notifications/notifier';
import type { SeedOutcome } from '../data/store';

/** Stores a record as Graph would serve it and notifies subscribers (created / updated). */
export function seedCallRecord(
  context: SimulatorContext,
  tenantId: string,
  record: JsonObject,
): { id: string; version: number; outcome: SeedOutcome; notified: number } {
  const stored = context.store.putCallRecord(tenantId, record);
  const saved = context.store.getCallRecord(tenantId, stored.id) ?? record;
  const notified = notifyRecordChange(context, {
    tenantId,
    record: saved,
    outcome: stored.outcome,
  });
  return { ...stored, notified };
}
