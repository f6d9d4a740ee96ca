import type { HealthIndicator } from '@callrecords/service-kit';

import type { EventProducer } from './producer';

/** Readiness of a producer: connected to the cluster (kafkajs reconnects by itself after an outage). */
export function producerHealthIndicator(
  producer: EventProducer,
  name = 'kafka-producer',
): HealthIndicator {
  return {
    name,
    check: () =>
      producer.connected ? Promise.resolve() : Promise.reject(new Error('producer not connected')),
  };
}
