import { RetryableError } from '@callrecords/contracts';
import type { EventProducer, OutgoingMessage } from '@callrecords/kafka';

import { KafkaPublisher } from './kafka-publisher';

// A hand-written producer fake (STYLE.md 2.13): fails while `down` is set, counts sends.
class FakeProducer implements EventProducer {
  down = false;
  sends = 0;
  readonly connected = true;
  connect(): Promise<void> {
    return Promise.resolve();
  }
  send(_messages: readonly OutgoingMessage[]): Promise<void> {
    this.sends += 1;
    return this.down ? Promise.reject(new Error('broker down')) : Promise.resolve();
  }
  disconnect(): Promise<void> {
    return Promise.resolve();
  }
}

const MESSAGE: OutgoingMessage = { topic: 't', key: 'k', value: Buffer.from('v') };

describe(KafkaPublisher.name, () => {
  it('answers at once during the cooldown after a failure, then tries Kafka again', async () => {
    const producer = new FakeProducer();
    let now = 0;
    const publisher = new KafkaPublisher({ producer, cooldownMs: 1_000, now: () => now });
    producer.down = true;
    await expect(publisher.publish([MESSAGE])).rejects.toThrow('broker down');

    producer.down = false;
    now = 999;
    const during = publisher.publish([MESSAGE]);
    await expect(during).rejects.toBeInstanceOf(RetryableError);
    now = 1_000;
    await publisher.publish([MESSAGE]);

    expect(producer.sends).toBe(2);
  });
});
