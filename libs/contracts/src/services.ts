import { z } from 'zod';

/** Every deployable of the pipeline (STYLE.md §2.2). Owners of topics and consumer groups. */
export const SERVICES = [
  'ingestion',
  'fetcher',
  'indexer',
  'aggregator',
  'gateway',
  'provisioner',
] as const;

export type ServiceName = (typeof SERVICES)[number];

export const ServiceNameSchema = z.enum(SERVICES);

/** The consumer group of a service: `callrecords-<service>` (STYLE.md §2.5, "Names"). */
export function consumerGroup(service: ServiceName): string {
  return `callrecords-${service}`;
}
