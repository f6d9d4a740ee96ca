// Cost of sealing personal values (crypto-shredding) per call record, beside raw baselines measured
// in the same run: a structured copy of the record (what any walk costs at least) and pseudonymous
// mode's walk (the same fields, HMAC instead of AES-GCM); then opening them again as the indexer does.
// Run: node scripts/run-ts.mts services/fetcher/test/sealing.bench.ts [records]
import { randomBytes } from 'node:crypto';

import { openSealedValues } from '@callrecords/kafka';
import type { PersonKeyTable } from '@callrecords/kafka';
import { aMeetingWithSessions } from '@callrecords/testing';

import { pseudonymiseGraphObject, tenantPseudonymKey } from '../src/domain/pseudonymise';
import { sealPersonalValues } from '../src/domain/seal-personal-values';

const RECORDS = Number(process.argv[2] ?? 300);
const TENANT = 'dc368399-474c-4d40-900c-6265431fd81f';
const records = Array.from({ length: RECORDS }, (_, i) => aMeetingWithSessions(4, i + 1));
const tenantKey = tenantPseudonymKey('bench-pseudonym-secret-0123456789abcdef', TENANT);
const keys = new Map<string, { kid: string; key: Buffer }>();
const keyOf = (pseudonym: string) => {
  let key = keys.get(pseudonym);
  if (!key) {
    key = { kid: randomBytes(9).toString('base64url'), key: randomBytes(32) };
    keys.set(pseudonym, key);
  }
  return key;
};
const table: PersonKeyTable = {
  refresh: () => Promise.resolve(),
  keyOf: (person) => Promise.resolve(keys.get(person.pseudonym)?.key),
  entriesOf: () => [],
  forget: () => undefined,
  now: () => 0,
};

function perRecordUs(work: () => void): number {
  const start = performance.now();
  work();
  return ((performance.now() - start) * 1000) / RECORDS;
}

async function main(): Promise<void> {
  // One warm-up pass of each, so JIT and the key map are in place.
  for (const record of records.slice(0, 20)) {
    structuredClone(record);
    pseudonymiseGraphObject(record, tenantKey);
    sealPersonalValues(record, { tenantKey, keyOf, iv: () => randomBytes(12) });
  }
  const copy = perRecordUs(() => records.forEach((r) => structuredClone(r)));
  const pseudonymise = perRecordUs(() =>
    records.forEach((r) => pseudonymiseGraphObject(r, tenantKey)),
  );
  let sealed: unknown[] = [];
  const seal = perRecordUs(() => {
    sealed = records.map(
      (r) => sealPersonalValues(r, { tenantKey, keyOf, iv: () => randomBytes(12) }).value,
    );
  });
  for (const value of sealed.slice(0, 20)) {
    await openSealedValues(table, { tenantId: TENANT, value, seenAt: 0 });
  }
  const openStart = performance.now();
  for (const value of sealed) {
    await openSealedValues(table, { tenantId: TENANT, value, seenAt: 0 });
  }
  const open = ((performance.now() - openStart) * 1000) / RECORDS;
  const bytes = (values: readonly unknown[]) =>
    values.reduce<number>((sum, v) => sum + Buffer.byteLength(JSON.stringify(v)), 0) / RECORDS;
  const lines = [
    `records: ${RECORDS} meetings of 4 sessions (libs/testing aMeetingWithSessions)`,
    `baseline structuredClone: ${copy.toFixed(1)} µs/record`,
    `baseline pseudonymise (HMAC walk): ${pseudonymise.toFixed(1)} µs/record`,
    `seal (AES-256-GCM per value): ${seal.toFixed(1)} µs/record (${(seal / pseudonymise).toFixed(2)}x pseudonymise)`,
    `open (indexer, keys in memory): ${open.toFixed(1)} µs/record`,
    `JSON size: ${bytes(records).toFixed(0)} B clear, ${bytes(sealed).toFixed(0)} B sealed`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
