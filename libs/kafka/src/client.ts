import { Kafka, logLevel } from 'kafkajs';
import type { LogEntry, SASLOptions } from 'kafkajs';

import type { Logger } from '@callrecords/service-kit';

import type { KafkaConnectionConfig } from './config';
import { mapKafkaLogEntry } from './kafkajs-log';
import { registerZstdCodec } from './zstd-codec';

export interface KafkaClientOptions {
  /** Used as the client id unless KAFKA_CLIENT_ID is set. */
  readonly service: string;
  readonly logger: Logger;
}

/** A kafkajs client from validated config, logging through pino, with zstd registered. */
export function createKafkaClient(
  config: KafkaConnectionConfig,
  options: KafkaClientOptions,
): Kafka {
  registerZstdCodec();
  const sasl = saslOptions(config);
  return new Kafka({
    clientId: config.KAFKA_CLIENT_ID ?? `callrecords-${options.service}`,
    brokers: config.KAFKA_BROKERS,
    ssl: config.KAFKA_SSL,
    ...(sasl ? { sasl } : {}),
    connectionTimeout: config.KAFKA_CONNECTION_TIMEOUT_MS,
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => logEntry(options.logger, entry),
  });
}

function saslOptions(config: KafkaConnectionConfig): SASLOptions | undefined {
  if (!config.KAFKA_SASL_MECHANISM) {
    return undefined;
  }
  return {
    mechanism: config.KAFKA_SASL_MECHANISM,
    username: config.KAFKA_SASL_USERNAME ?? '',
    password: config.KAFKA_SASL_PASSWORD ?? '',
  };
}

function logEntry(logger: Logger, entry: LogEntry): void {
  const mapped = mapKafkaLogEntry(entry);
  logger[mapped.level](mapped.fields, mapped.message);
}
