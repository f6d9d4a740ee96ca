import { logLevel } from 'kafkajs';

/** The part of a kafkajs `LogEntry` the mapping reads. */
export interface KafkaLogEntryLike {
  readonly namespace: string;
  readonly level: logLevel;
  readonly log: { readonly message: string } & Readonly<Record<string, unknown>>;
}

/** The pino level and message a kafkajs log entry becomes. */
export interface MappedLogEntry {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

const CONCURRENT_TRANSACTIONS = /another concurrent operation on the same transaction/;

/**
 * Maps a kafkajs log entry to our levels. kafkajs logs at ERROR what it then retries or hands back
 * to the caller: a broker's error answer on a connection (topic not yet created, leader moved,
 * CONCURRENT_TRANSACTIONS), a send or a connection it retries, a group it re-joins, a crash it restarts. Those are debug or warn, with
 * the retry stated; only what nobody retries stays `error`.
 */
export function mapKafkaLogEntry(entry: KafkaLogEntryLike): MappedLogEntry {
  const { message, ...extra } = entry.log;
  const fields = { component: `kafkajs.${entry.namespace}`, ...extra };
  const level = levelOf(entry.level);
  if (level !== 'error') {
    return { level, message, fields };
  }
  if (entry.namespace === 'Connection') {
    // Every error answer of the broker, logged before the caller sees it and decides.
    return {
      level: 'debug',
      message: `${message}: broker answered with an error; the caller retries or reports it`,
      fields,
    };
  }
  if (typeof extra['retryTime'] === 'number') {
    const attempt = (typeof extra['retryCount'] === 'number' ? extra['retryCount'] : 0) + 1;
    return {
      // Back-to-back transactions: the coordinator still writes the last one's markers (the Java
      // client retries this silently). Only a transaction that keeps colliding is worth a warning.
      level: CONCURRENT_TRANSACTIONS.test(message) && attempt <= 3 ? 'debug' : 'warn',
      message: `${message}; retry ${attempt} in ${extra['retryTime']} ms`,
      fields,
    };
  }
  if (/re-joining/.test(message)) {
    // The member is not known to the coordinator any more: kafkajs joins the group again.
    return { level: 'info', message, fields };
  }
  if (message.startsWith('Crash:')) {
    // The consumer runner logs the decision that follows (restart: warn; give up: error).
    return { level: 'warn', message, fields };
  }
  return { level, message, fields };
}

function levelOf(level: logLevel): MappedLogEntry['level'] {
  switch (level) {
    case logLevel.ERROR:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    case logLevel.DEBUG:
    case logLevel.NOTHING:
      return 'debug';
  }
}
