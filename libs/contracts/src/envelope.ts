import { randomUUID } from 'node:crypto';

import { z } from 'zod';

import { EventDecodeError, EventEncodeError } from './envelope.errors';

/** Our own timestamps: ISO 8601 in UTC with `Z` (what `Date.prototype.toISOString` gives). */
export const IsoTimestampSchema = z.iso.datetime();

/** An Entra tenant id (a GUID). It never contains `:`, so `<tenantId>:<graphId>` keys split safely. */
export const TenantIdSchema = z.guid();

/** Kafka headers every event carries, so routing and tracing never decode the value (STYLE.md §2.5). */
export const EVENT_HEADERS = {
  type: 'type',
  version: 'version',
  correlationId: 'correlationId',
  contentType: 'content-type',
} as const;

const CONTENT_TYPE = 'application/json';

/** The fixed envelope around every event; only `payload` differs between event types. */
export function envelopeSchema<
  const TType extends string,
  const TVersion extends number,
  TPayload extends z.ZodType,
>(type: TType, version: TVersion, payload: TPayload) {
  // z.object strips unknown keys: a consumer never fails on fields added after it was built.
  return z.object({
    /** Unique per event; consumers may dedupe on it. */
    id: z.uuid(),
    type: z.literal(type),
    version: z.literal(version),
    tenantId: TenantIdSchema,
    /** When the fact happened (notification received, record last modified, window polled). */
    occurredAt: IsoTimestampSchema,
    /** When the producer wrote the event. */
    producedAt: IsoTimestampSchema,
    /** Carried from the first event of a chain (e.g. the notification) to everything it causes. */
    correlationId: z.string().min(1).max(200),
    payload,
  });
}

/** What decodes Kafka values to events of type `TEvent`: one definition, or a type with its upcasters. */
export interface EventDecoder<out TEvent> {
  /** Keyed by `routeKey(type, version)`; each function validates a parsed JSON value. */
  readonly routes: ReadonlyMap<string, (raw: unknown) => TEvent>;
}

/** One version of one event type: its names, payload schema and full envelope schema. */
export interface EventDefinition<
  TType extends string,
  TVersion extends number,
  TPayload extends z.ZodType,
> extends EventDecoder<z.output<ReturnType<typeof envelopeSchema<TType, TVersion, TPayload>>>> {
  readonly type: TType;
  readonly version: TVersion;
  readonly payloadSchema: TPayload;
  readonly schema: ReturnType<typeof envelopeSchema<TType, TVersion, TPayload>>;
}

/** Any event definition, for registries and generic code. */
export interface AnyEventDefinition extends EventDecoder<unknown> {
  readonly type: string;
  readonly version: number;
  readonly payloadSchema: z.ZodType;
  readonly schema: z.ZodType;
}

/** The (decoded) event a definition describes, envelope included. */
export type EventOf<D extends AnyEventDefinition> = z.output<D['schema']>;

/** The payload of the event a definition describes. */
export type PayloadOf<D extends AnyEventDefinition> =
  EventOf<D> extends { readonly payload: infer P } ? P : never;

/** The generic shape of every event. */
export interface EventEnvelope<TPayload = unknown> {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly tenantId: string;
  readonly occurredAt: string;
  readonly producedAt: string;
  readonly correlationId: string;
  readonly payload: TPayload;
}

export function routeKey(type: string, version: number): string {
  return `${type}@v${version}`;
}

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** Defines version `version` of event `type`. Publish it once; afterwards change it only additively. */
export function defineEvent<
  const TType extends string,
  const TVersion extends number,
  TPayload extends z.ZodType,
>(
  type: TType,
  version: TVersion,
  payloadSchema: TPayload,
): EventDefinition<TType, TVersion, TPayload> {
  const schema = envelopeSchema(type, version, payloadSchema);
  const decode = (raw: unknown): z.output<typeof schema> => {
    const result = schema.safeParse(raw);
    if (!result.success) {
      const issues = issuesOf(result.error);
      const details = { eventType: type, eventVersion: version, issues };
      throw new EventDecodeError(
        'schema-mismatch',
        `${type} v${version}: ${issues[0] ?? ''}`,
        details,
      );
    }
    return result.data;
  };
  return {
    type,
    version,
    payloadSchema,
    schema,
    routes: new Map([[routeKey(type, version), decode]]),
  };
}

/** The fields a producer supplies; `type` and `version` come from the definition. */
export interface NewEvent<TPayload> {
  readonly tenantId: string;
  readonly correlationId: string;
  readonly occurredAt: string | Date;
  readonly producedAt: string | Date;
  readonly payload: TPayload;
  /** Defaults to a random UUID; pass one to make a producer's retries idempotent. */
  readonly id?: string;
}

function toIso(value: string | Date): string {
  return typeof value === 'string' ? value : value.toISOString();
}

/** Builds an envelope (not validated here: `encodeEvent` is the gate before Kafka). */
export function createEvent<D extends AnyEventDefinition>(
  definition: D,
  fields: NewEvent<PayloadOf<D>>,
): EventOf<D> {
  const event: EventEnvelope<PayloadOf<D>> = {
    id: fields.id ?? randomUUID(),
    type: definition.type,
    version: definition.version,
    tenantId: fields.tenantId,
    occurredAt: toIso(fields.occurredAt),
    producedAt: toIso(fields.producedAt),
    correlationId: fields.correlationId,
    payload: fields.payload,
  };
  return event as EventOf<D>;
}

/** A Kafka message value and headers for one event (the key comes from the topic registry). */
export interface EncodedEvent {
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** Validates `event` against its definition and serializes it as JSON. Throws EventEncodeError. */
export function encodeEvent<D extends AnyEventDefinition>(
  definition: D,
  event: EventOf<D>,
): EncodedEvent {
  const result = definition.schema.safeParse(event);
  if (!result.success) {
    throw new EventEncodeError(definition.type, definition.version, issuesOf(result.error));
  }
  const valid = result.data as EventEnvelope;
  return {
    value: Buffer.from(JSON.stringify(valid), 'utf8'),
    headers: {
      [EVENT_HEADERS.type]: valid.type,
      [EVENT_HEADERS.version]: String(valid.version),
      [EVENT_HEADERS.correlationId]: valid.correlationId,
      [EVENT_HEADERS.contentType]: CONTENT_TYPE,
    },
  };
}

/** Kafka headers as kafkajs hands them over (also plain string records). */
export type MessageHeaders = Readonly<
  Record<string, string | Buffer | readonly (string | Buffer)[] | undefined>
>;

/** One decoder or several (e.g. a consumer of several topics); the result is the union. */
export type Decoders = EventDecoder<unknown> | readonly EventDecoder<unknown>[];
export type DecodedBy<D extends Decoders> = D extends readonly (infer E)[]
  ? E extends EventDecoder<infer T>
    ? T
    : never
  : D extends EventDecoder<infer T>
    ? T
    : never;

function header(headers: MessageHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? (value as readonly (string | Buffer)[])[0] : value;
  return first === undefined ? undefined : first.toString();
}

function parseJson(value: Buffer): unknown {
  try {
    // The one JSON.parse of the workspace (STYLE.md §2.5, "Decoding happens in one place").
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch (error) {
    throw new EventDecodeError('invalid-json', error instanceof Error ? error.message : 'bad JSON');
  }
}

function identify(raw: unknown, headers: MessageHeaders): { type: string; version: number } {
  const body = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const type = header(headers, EVENT_HEADERS.type) ?? body['type'];
  const version = Number(header(headers, EVENT_HEADERS.version) ?? body['version']);
  if (typeof type !== 'string' || !Number.isInteger(version)) {
    throw new EventDecodeError('missing-type', 'no event type/version in headers or value');
  }
  if (body['type'] !== type || body['version'] !== version) {
    throw new EventDecodeError(
      'header-mismatch',
      `headers say ${type} v${version}, value disagrees`,
      {
        eventType: type,
        eventVersion: version,
      },
    );
  }
  return { type, version };
}

/**
 * Turns a Kafka value into a validated event (unknown keys stripped, older versions upcast).
 * Throws EventDecodeError (a PermanentError) with a bounded `reason` on anything else.
 */
export function decodeEvent<const D extends Decoders>(
  decoders: D,
  value: Buffer | null | undefined,
  headers: MessageHeaders = {},
): DecodedBy<D> {
  if (value === null || value === undefined || value.length === 0) {
    throw new EventDecodeError('empty-value', 'the message has no value (a tombstone?)');
  }
  const contentType = header(headers, EVENT_HEADERS.contentType);
  if (contentType !== undefined && contentType !== CONTENT_TYPE) {
    throw new EventDecodeError('unsupported-content-type', contentType.slice(0, 100));
  }
  const raw = parseJson(value);
  const { type, version } = identify(raw, headers);
  const list: readonly EventDecoder<unknown>[] = 'routes' in decoders ? [decoders] : decoders;
  const decode = list
    .map((d) => d.routes.get(routeKey(type, version)))
    .find((d) => d !== undefined);
  if (decode === undefined) {
    throw new EventDecodeError('unknown-event', `no decoder for ${type} v${version}`, {
      eventType: type,
      eventVersion: version,
    });
  }
  return decode(raw) as DecodedBy<D>;
}
