import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from '@jest/globals';
import type { z } from 'zod';

import { graphReferenceDir } from '../../scripts/graph-reference';
import {
  CallRecordPageStrictSchema,
  CallRecordSchema,
  CallRecordStrictSchema,
  PstnCallLogPageStrictSchema,
  SessionPageStrictSchema,
} from './call-record.schema';
import {
  ChangeNotificationCollectionStrictSchema,
  LifecycleNotificationCollectionStrictSchema,
} from './change-notification.schema';

const examples = resolve(graphReferenceDir(resolve(__dirname, '../../../..')), 'examples');

function example(file: string): unknown {
  return JSON.parse(readFileSync(resolve(examples, file), 'utf8')) as unknown;
}

// Every example that is a Graph response or webhook body we parse, with the strict schema for it.
// Subscription requests/responses are bodies we send or only read for the id: not in our contracts.
const STRICT_SCHEMA_BY_EXAMPLE: Readonly<Record<string, z.ZodType | 'not ours'>> = {
  'get-callrecord-basic.json': CallRecordStrictSchema,
  'get-callrecord-expanded-participants_v2.json': CallRecordStrictSchema,
  'get-callrecord-expanded-sessions.json': CallRecordStrictSchema,
  'list-callrecords-filter-participant.json': CallRecordPageStrictSchema,
  'list-callrecords-filter-startdatetime.json': CallRecordPageStrictSchema,
  'list-sessions-nextlink.json': SessionPageStrictSchema,
  'getpstncalls-response.json': PstnCallLogPageStrictSchema,
  'change-notification-callrecord-created.json': ChangeNotificationCollectionStrictSchema,
  'change-notification-generic-message-created.json': ChangeNotificationCollectionStrictSchema,
  'lifecycle-missed.json': LifecycleNotificationCollectionStrictSchema,
  'lifecycle-reauthorization-required.json': LifecycleNotificationCollectionStrictSchema,
  'lifecycle-subscription-removed.json': LifecycleNotificationCollectionStrictSchema,
  'subscription-create-request.json': 'not ours',
  'subscription-create-request-created-updated.json': 'not ours',
  'subscription-create-request-filtered-participant.json': 'not ours',
  'subscription-create-request-generic-mail.json': 'not ours',
  'subscription-create-response.json': 'not ours',
  'subscription-renew-request.json': 'not ours',
  'subscription-renew-response.json': 'not ours',
};

const validated = Object.entries(STRICT_SCHEMA_BY_EXAMPLE).flatMap(([file, schema]) =>
  schema === 'not ours' ? [] : [[file, schema] as const],
);

describe('Graph reference examples', () => {
  it('are all classified, so a new example gets a schema or a reason', () => {
    const files = readdirSync(examples).filter((file) => file.endsWith('.json'));

    expect(files.sort()).toEqual(Object.keys(STRICT_SCHEMA_BY_EXAMPLE).sort());
  });

  it.each(validated)('%s passes its strict schema', (file, schema) => {
    const result = schema.safeParse(example(file));

    expect(result.error?.issues ?? []).toEqual([]);
  });
});

describe('CallRecordStrictSchema', () => {
  const record = example('get-callrecord-expanded-sessions.json') as Record<string, unknown>;

  it('rejects a property name that is not in the CSDL', () => {
    const result = CallRecordStrictSchema.safeParse({ ...record, verison: 2 });

    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('rejects an enum member that is not in the CSDL', () => {
    expect(CallRecordStrictSchema.safeParse({ ...record, type: 'broadcast' }).success).toBe(false);
  });

  it('rejects a record without version, which ordering depends on', () => {
    const { version: _version, ...withoutVersion } = record;

    expect(CallRecordStrictSchema.safeParse(withoutVersion).success).toBe(false);
  });
});

describe('CallRecordSchema', () => {
  const record = example('get-callrecord-expanded-sessions.json') as Record<string, unknown>;

  it('keeps fields and enum members Graph adds later', () => {
    const newer = { ...record, type: 'broadcast', modalities: ['unknown'], newField: { a: 1 } };

    const parsed = CallRecordSchema.parse(newer);

    expect(parsed).toEqual(newer);
  });

  it('accepts an endpoint subtype Graph adds later as a plain endpoint', () => {
    const sessions = [
      { id: 's1', caller: { '@odata.type': '#microsoft.graph.callRecords.botEndpoint' } },
    ];

    expect(CallRecordSchema.safeParse({ ...record, sessions }).success).toBe(true);
  });
});
