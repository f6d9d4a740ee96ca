// Just enough of the Kafka wire protocol to ask a broker real questions (no client library needed):
// Metadata v1 (is the broker registered and unfenced?), FindCoordinator v1 (are the group and
// transaction coordinators available? asking also creates __consumer_offsets / __transaction_state),
// DescribeGroups v0 and DescribeTransactions v0 (have those coordinators finished loading?) and
// InitProducerId v1 (can the broker hand out producer ids yet?).
import { createConnection } from 'node:net';

const HOST = '127.0.0.1';
const METADATA = 3;
const FIND_COORDINATOR = 10;
const DESCRIBE_GROUPS = 15;
const INIT_PRODUCER_ID = 22;
const DESCRIBE_TRANSACTIONS = 65;
const PROBE_ID = 'callrecords-stack-probe';
/** Coordinator answers that mean "not yet": not available, loading, not the coordinator. */
const NOT_YET = new Set([14, 15, 16]);
const CLIENT_ID = 'callrecords-stack';

function kafkaString(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const len = Buffer.alloc(2);
  len.writeInt16BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/** Request header v1, or v2 (`flexible`: an empty tagged-field section after the client id). */
function frame(api: { key: number; version: number; flexible?: boolean }, body: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeInt16BE(api.key, 0);
  header.writeInt16BE(api.version, 2);
  header.writeInt32BE(1, 4); // correlation id
  const tags = api.flexible ? [Buffer.from([0])] : [];
  const payload = Buffer.concat([header, kafkaString(CLIENT_ID), ...tags, body]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

/** Sends one request (request header v1) and returns the response body after the correlation id. */
function roundTrip(port: number, request: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const socket = createConnection({ port, host: HOST });
    let received = Buffer.alloc(0);
    const fail = (err: Error): void => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once('close', () => fail(new Error('connection closed by the broker')));
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) {
        socket.removeAllListeners('close');
        socket.destroy();
        resolvePromise(received.subarray(8, 4 + received.readInt32BE(0)));
      }
    });
  });
}

class Reader {
  offset = 0;
  readonly buf: Buffer;
  constructor(buf: Buffer) {
    this.buf = buf;
  }
  int16(): number {
    this.offset += 2;
    return this.buf.readInt16BE(this.offset - 2);
  }
  int32(): number {
    this.offset += 4;
    return this.buf.readInt32BE(this.offset - 4);
  }
  string(): string | null {
    const len = this.int16();
    if (len < 0) {
      return null;
    }
    this.offset += len;
    return this.buf.toString('utf8', this.offset - len, this.offset);
  }
}

export interface KafkaMetadata {
  brokers: { nodeId: number; host: string; port: number }[];
  controllerId: number;
}

/** Metadata v1 for no topics: the live (registered, unfenced) brokers and the controller. */
export async function kafkaMetadata(port: number, timeoutMs = 2000): Promise<KafkaMetadata> {
  const noTopics = Buffer.alloc(4); // topics: empty array (v1+: "no topics", not "all")
  const r = new Reader(
    await roundTrip(port, frame({ key: METADATA, version: 1 }, noTopics), timeoutMs),
  );
  const brokers: KafkaMetadata['brokers'] = [];
  for (let n = r.int32(); n > 0; n--) {
    const nodeId = r.int32();
    const host = r.string() ?? '';
    const brokerPort = r.int32();
    r.string(); // rack
    brokers.push({ nodeId, host, port: brokerPort });
  }
  return { brokers, controllerId: r.int32() };
}

/** FindCoordinator v1; returns the Kafka error code (0 = coordinator available). */
export async function kafkaFindCoordinator(
  port: number,
  key: { id: string; type: 'group' | 'transaction' },
  timeoutMs = 2000,
): Promise<number> {
  const body = Buffer.concat([kafkaString(key.id), Buffer.from([key.type === 'group' ? 0 : 1])]);
  const r = new Reader(
    await roundTrip(port, frame({ key: FIND_COORDINATOR, version: 1 }, body), timeoutMs),
  );
  r.int32(); // throttle_time_ms
  return r.int16();
}

/** DescribeGroups v0 for one group; returns its error code (14 while the coordinator loads). */
export async function describeGroupError(port: number, group: string): Promise<number> {
  const count = Buffer.alloc(4);
  count.writeInt32BE(1);
  const body = Buffer.concat([count, kafkaString(group)]);
  const r = new Reader(
    await roundTrip(port, frame({ key: DESCRIBE_GROUPS, version: 0 }, body), 2000),
  );
  r.int32(); // groups array length
  return r.int16();
}

/** DescribeTransactions v0 (flexible) for one id; 105 = unknown id, i.e. the coordinator is loaded. */
export async function describeTransactionError(port: number, id: string): Promise<number> {
  const idBytes = Buffer.from(id, 'utf8');
  // compact array of 1 (varint 2), compact string (varint len+1), then the body's empty tag section.
  const body = Buffer.concat([Buffer.from([2, idBytes.length + 1]), idBytes, Buffer.from([0])]);
  const api = { key: DESCRIBE_TRANSACTIONS, version: 0, flexible: true };
  const r = new Reader(await roundTrip(port, frame(api, body), 2000));
  r.offset += 1; // response header v1: empty tag section
  r.int32(); // throttle_time_ms
  r.offset += 1; // compact array length (varint, 2)
  return r.int16();
}

/**
 * InitProducerId v1 without a transactional id (what an idempotent producer sends first). In KRaft the
 * broker answers 14 (loading) until it has fetched its first block of producer ids from the controller.
 */
export async function initProducerIdError(port: number): Promise<number> {
  const body = Buffer.alloc(6);
  body.writeInt16BE(-1, 0); // transactional_id: null
  body.writeInt32BE(60_000, 2); // transaction_timeout_ms
  const r = new Reader(
    await roundTrip(port, frame({ key: INIT_PRODUCER_ID, version: 1 }, body), 2000),
  );
  r.int32(); // throttle_time_ms
  return r.int16();
}

/**
 * True when the broker is registered and the group and transaction coordinators are loaded, so a
 * client's first JoinGroup or InitProducerId succeeds at once. Asking FindCoordinator also creates
 * __consumer_offsets and __transaction_state, which clients would otherwise wait for.
 */
export async function kafkaReady(port: number): Promise<{ ready: boolean; detail: string }> {
  try {
    const meta = await kafkaMetadata(port);
    if (meta.brokers.length === 0) {
      return { ready: false, detail: 'no live broker in metadata yet' };
    }
    for (const type of ['group', 'transaction'] as const) {
      const error = await kafkaFindCoordinator(port, { id: PROBE_ID, type });
      if (error !== 0) {
        return { ready: false, detail: `${type} coordinator not available yet (error ${error})` };
      }
    }
    const errors = [
      await describeGroupError(port, PROBE_ID),
      await describeTransactionError(port, PROBE_ID),
      await initProducerIdError(port),
    ];
    if (errors.some((error) => NOT_YET.has(error))) {
      return { ready: false, detail: `coordinators loading (errors ${errors.join('/')})` };
    }
    return { ready: true, detail: `broker ${meta.brokers[0]?.nodeId} up, coordinators loaded` };
  } catch (err) {
    return { ready: false, detail: (err as Error).message };
  }
}
