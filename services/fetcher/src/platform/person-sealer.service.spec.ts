import { describe, expect, it } from '@jest/globals';

import { decodeEvent, parseSealedValue, PersonKeyV1Definition } from '@callrecords/contracts';
import type { PersonKeyEntry, PersonKeyTable } from '@callrecords/kafka';
import { aPstnCallRow } from '@callrecords/testing';

import { createPersonSealer } from './person-sealer.service';

// A hand-written in-memory table: what the person-keys topic holds is whatever the test puts in.
function fakeTable(): PersonKeyTable & { entries: PersonKeyEntry[] } {
  const entries: PersonKeyEntry[] = [];
  return {
    entries,
    refresh: () => Promise.resolve(),
    keyOf: () => Promise.resolve(undefined),
    entriesOf: (tenantId, pseudonym) =>
      entries.filter((e) => e.tenantId === tenantId && e.pseudonym === pseudonym),
    forget: () => undefined,
    now: () => 0,
  };
}

const options = {
  topic: 'keys',
  kek: Buffer.alloc(32, 9),
  pseudonymSecret: 'pseudonym-secret-of-the-sealer-spec-0123',
  skip: (tenantId: string) => tenantId === 'pseudonymous-tenant',
};
const row = aPstnCallRow({ userId: 'user-1', userDisplayName: 'Adele Vance', calleeNumber: '112' });
const now = new Date('2026-01-01T00:00:00Z');
const TENANT = 'dc368399-474c-4d40-900c-6265431fd81f';

describe(createPersonSealer.name, () => {
  it('produces a new key with every row that uses it until the key is read back', async () => {
    const table = fakeTable();
    const sealer = createPersonSealer({ ...options, table });

    const first = sealer.seal(TENANT, row, now);
    const second = sealer.seal(TENANT, row, now);
    const kid = parseSealedValue(String(first.value.userDisplayName))!.kid;
    const pseudonym = parseSealedValue(String(first.value.userDisplayName))!.pseudonym;
    // Read back as produced, aliases (the UPN's pseudonym) included.
    const produced = first.keyMessages.find((m) => m.key === `${TENANT}:${pseudonym}:${kid}`)!;
    const { aliases } = decodeEvent(
      PersonKeyV1Definition,
      produced.value,
      produced.headers,
    ).payload;
    table.entries.push({ tenantId: TENANT, pseudonym, kid, key: Buffer.alloc(32), aliases });
    await sealer.refresh();
    const third = sealer.seal(TENANT, row, now);

    // The user (userId, UPN, name) and the caller's number: two persons; 112 stays clear.
    expect(first.keyMessages.map((m) => m.key).sort()).toEqual(
      second.keyMessages.map((m) => m.key).sort(),
    );
    expect(first.keyMessages.map((m) => m.key)).toContain(`${TENANT}:${pseudonym}:${kid}`);
    expect(third.keyMessages.map((m) => m.key)).not.toContain(`${TENANT}:${pseudonym}:${kid}`);
    expect(third.value.calleeNumber).toBe('112');
  });

  it('gives an erased person a new key for their next row', async () => {
    const table = fakeTable();
    const sealer = createPersonSealer({ ...options, table });
    const first = sealer.seal(TENANT, row, now);
    const sealed = parseSealedValue(String(first.value.userDisplayName))!;
    table.entries.push({ tenantId: TENANT, ...sealed, key: Buffer.alloc(32), aliases: [] });
    await sealer.refresh();
    table.entries.length = 0;
    await sealer.refresh();

    const next = sealer.seal(TENANT, row, now);

    const kid = parseSealedValue(String(next.value.userDisplayName))!.kid;
    expect(kid).not.toBe(sealed.kid);
    expect(next.keyMessages.map((m) => m.key)).toContain(`${TENANT}:${sealed.pseudonym}:${kid}`);
  });

  it('leaves a pseudonymous tenant as it is', () => {
    const sealer = createPersonSealer({ ...options, table: fakeTable() });

    const out = sealer.seal('pseudonymous-tenant', row, now);

    expect(out).toEqual({ value: row, keyMessages: [] });
  });
});
