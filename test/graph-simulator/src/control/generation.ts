import type { GeneratedDataset } from '../data/generator/dataset';
import type { SimulatorContext } from '../simulator-context';
import { seedCallRecord } from './seeding';

// Seeds a generated data set at once or at a pace; later versions follow their first version
// after a short gap so subscribers see `created`, then `updated`.

export function scheduleGeneration(
  context: SimulatorContext,
  input: {
    readonly tenantId: string;
    readonly dataset: GeneratedDataset;
    readonly ratePerSecond: number | undefined;
  },
): void {
  const { tenantId, dataset, ratePerSecond } = input;
  context.store.putPstnRows(tenantId, dataset.pstnRows);
  context.store.putDirectRoutingRows(tenantId, dataset.directRoutingRows);
  const intervalMs = ratePerSecond && ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
  const steps = [
    ...dataset.records.map((record) => record.first),
    ...dataset.records.flatMap((record) => (record.update ? [record.update] : [])),
  ];
  if (intervalMs === 0) {
    steps.forEach((record) => seedCallRecord(context, tenantId, record));
    return;
  }
  steps.forEach((record, index) => {
    const timer = setTimeout(() => {
      context.timers.delete(timer);
      seedCallRecord(context, tenantId, record);
    }, index * intervalMs);
    context.timers.add(timer);
  });
}
