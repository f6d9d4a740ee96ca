import {
  forEachSealedValue,
  keyEncryptionKey,
  openSealedValue,
  parseSealedValue,
  sealValue,
  unwrapPersonKey,
  wrapPersonKey,
} from './sealed-value';

// Expected values below come from another implementation, never from this code: strings computed
// with Python's `cryptography` (AESGCM, HKDF) over the same inputs.
const KEY = Buffer.from([...Array(32).keys()]); // 00 01 … 1f
const IV = Buffer.from([...Array(12).keys()]); // 00 01 … 0b
const ADELE_SEALED = 'sv1.pn-abc.k1.AAECAwQFBgcICQoL.Bmazd6DFlHrjIvJRv8-IMGQnKvworpcRB5xd';

describe(sealValue.name, () => {
  it('writes the pseudonym, kid, IV and ciphertext+tag as another AES-GCM implementation does', () => {
    const sealed = sealValue(
      { pseudonym: 'pn-abc', key: { kid: 'k1', key: KEY } },
      'Adele Vance',
      IV,
    );

    expect(sealed).toBe(ADELE_SEALED);
  });

  it('seals an empty value to its tag alone (zero key and IV, AAD sv1.p.k)', () => {
    const sealed = sealValue(
      { pseudonym: 'p', key: { kid: 'k', key: Buffer.alloc(32) } },
      '',
      Buffer.alloc(12),
    );

    expect(parseSealedValue(sealed)?.sealed.toString('hex')).toBe(
      'b7beab36c880815ae8990fba9cf3ae02',
    );
  });
});

describe(openSealedValue.name, () => {
  it('reads back a value sealed by another implementation', () => {
    const parsed = parseSealedValue(ADELE_SEALED);

    expect(parsed?.pseudonym).toBe('pn-abc');
    expect(parsed?.kid).toBe('k1');
    expect(openSealedValue(parsed!, KEY)).toBe('Adele Vance');
  });

  it('refuses another key', () => {
    const parsed = parseSealedValue(ADELE_SEALED)!;

    expect(() => openSealedValue(parsed, Buffer.alloc(32, 7))).toThrow();
  });

  it('refuses a value moved to another person (the pseudonym is authenticated)', () => {
    const moved = parseSealedValue(ADELE_SEALED.replace('pn-abc', 'pn-xyz'))!;

    expect(() => openSealedValue(moved, KEY)).toThrow();
  });
});

describe(parseSealedValue.name, () => {
  it.each([
    ['a clear value', 'Adele Vance'],
    ['a pseudonym', 'pn-Zm9vYmFyYmF6cXV4cXV1eA'],
    ['too few parts', 'sv1.pn-abc.k1.AAECAwQFBgcICQoL'],
    ['a short IV', 'sv1.pn-abc.k1.AAEC.Bmazd6DFlHrjIvJRv8-IMGQnKvworpcRB5xd'],
  ])('says %s is not sealed', (_what, value) => {
    expect(parseSealedValue(value)).toBeUndefined();
  });
});

describe(forEachSealedValue.name, () => {
  it('visits each sealed string of nested objects and arrays in order, and nothing else', () => {
    const seen: string[] = [];

    forEachSealedValue(
      {
        name: ADELE_SEALED,
        clear: 'Adele Vance',
        sessions: [{ caller: { id: ADELE_SEALED.replace('pn-abc', 'pn-def') } }, 3, null],
      },
      (sealed) => seen.push(sealed.pseudonym),
    );

    expect(seen).toEqual(['pn-abc', 'pn-def']);
  });
});

describe(wrapPersonKey.name, () => {
  const kek = keyEncryptionKey('x'.repeat(40));
  const WRAPPED =
    '________________.FbR5CB40LjuhHij0zfzS6M4_4b-HRYnLl6wsXun0G-PzGNBLM4cX-NDTs3NQp3la';

  it('derives the key-encryption key with HKDF-SHA256', () => {
    expect(kek.toString('hex')).toBe(
      'f80fb45bbd6ff908cbee80469a739f82fcc1e18e80811e48eb94d31ca062c051',
    );
  });

  it('wraps a person key bound to its Kafka key', () => {
    const wrapped = wrapPersonKey(
      kek,
      { recordKey: 'tenant-1:pn-abc:k1', key: KEY },
      Buffer.alloc(12, 0xff),
    );

    expect(wrapped).toBe(WRAPPED);
  });

  it('unwraps only under the same Kafka key', () => {
    expect(unwrapPersonKey(kek, 'tenant-1:pn-abc:k1', WRAPPED)).toEqual(KEY);
    expect(() => unwrapPersonKey(kek, 'tenant-2:pn-abc:k1', WRAPPED)).toThrow();
  });

  it('refuses a short secret', () => {
    expect(() => keyEncryptionKey('short')).toThrow(/32 characters/);
  });
});
