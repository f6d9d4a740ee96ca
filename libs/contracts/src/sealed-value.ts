import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';

// Crypto-shredding (README "Personal data", "Erasure of one person"): a personal value is written
// to Kafka encrypted with a key of the person it belongs to; erasing the person deletes the key, and
// every copy of the value (topics, replicas, dead letters, backups) becomes unreadable. The sealed
// string carries the person's pseudonym in clear, so a reader without the key shows the pseudonym.
// AES-256-GCM from node:crypto: a random 256-bit key per person, a random 96-bit IV per value.

/** Prefix of a sealed value: `sv1.<pseudonym>.<kid>.<iv>.<ciphertext+tag>` (base64url parts). */
export const SEALED_VALUE_PREFIX = 'sv1.';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PART = /^[A-Za-z0-9_-]+$/;

/** The parts of a sealed value; `pseudonym` names its person, `kid` the key it was sealed with. */
export interface SealedValue {
  readonly pseudonym: string;
  readonly kid: string;
  readonly iv: Buffer;
  readonly sealed: Buffer;
}

/** One person's key: `kid` tells concurrent keys of the same person apart. */
export interface PersonKey {
  readonly kid: string;
  readonly key: Buffer;
}

function assertKey(key: Buffer, what: string): void {
  if (key.length !== KEY_BYTES) {
    throw new Error(`${what} must be ${KEY_BYTES} bytes, got ${key.length}`);
  }
}

function gcmSeal(key: Buffer, nonce: { iv: Buffer; aad: string }, plaintext: Buffer): Buffer {
  const { iv, aad } = nonce;
  if (iv.length !== IV_BYTES) {
    throw new Error(`IV must be ${IV_BYTES} bytes, got ${iv.length}`);
  }
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function gcmOpen(key: Buffer, nonce: { iv: Buffer; aad: string }, sealed: Buffer): Buffer {
  const { iv, aad } = nonce;
  const decipher = createDecipheriv(ALGORITHM, key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

// The pseudonym and kid are authenticated: a value cannot be moved to another person's key.
const valueAad = (pseudonym: string, kid: string): string =>
  `${SEALED_VALUE_PREFIX}${pseudonym}.${kid}`;

/** `value` sealed with the person's key and a fresh `iv` (12 random bytes; never reuse one). */
export function sealValue(
  person: { readonly pseudonym: string; readonly key: PersonKey },
  value: string,
  iv: Buffer,
): string {
  const { pseudonym, key } = person;
  assertKey(key.key, 'a person key');
  if (!PART.test(pseudonym) || !PART.test(key.kid)) {
    throw new Error('a pseudonym and a kid are base64url strings');
  }
  const sealed = gcmSeal(
    key.key,
    { iv, aad: valueAad(pseudonym, key.kid) },
    Buffer.from(value, 'utf8'),
  );
  return `${valueAad(pseudonym, key.kid)}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

/** The parts of a sealed value, or undefined when `value` is not one (a clear value). */
export function parseSealedValue(value: string): SealedValue | undefined {
  if (!value.startsWith(SEALED_VALUE_PREFIX)) {
    return undefined;
  }
  const parts = value.slice(SEALED_VALUE_PREFIX.length).split('.');
  if (parts.length !== 4 || !parts.every((part) => PART.test(part))) {
    return undefined;
  }
  const [pseudonym = '', kid = '', iv = '', sealed = ''] = parts;
  const ivBytes = Buffer.from(iv, 'base64url');
  const sealedBytes = Buffer.from(sealed, 'base64url');
  if (ivBytes.length !== IV_BYTES || sealedBytes.length < TAG_BYTES) {
    return undefined;
  }
  return { pseudonym, kid, iv: ivBytes, sealed: sealedBytes };
}

/** The clear value of a sealed one; throws when the key is not the one it was sealed with. */
export function openSealedValue(value: SealedValue, key: Buffer): string {
  assertKey(key, 'a person key');
  return gcmOpen(
    key,
    { iv: value.iv, aad: valueAad(value.pseudonym, value.kid) },
    value.sealed,
  ).toString('utf8');
}

/** The key-encryption key derived from the deployment's secret (HKDF-SHA256). */
export function keyEncryptionKey(secret: string): Buffer {
  if (secret.length < 32) {
    throw new Error('the key-encryption secret must have at least 32 characters');
  }
  return Buffer.from(hkdfSync('sha256', secret, '', 'callrecords-person-keys-v1', KEY_BYTES));
}

// A wrapped key is bound to its Kafka key: it cannot be replayed as another person's key.
const wrapAad = (recordKey: string): string => `pk1.${recordKey}`;

/** A person key sealed with the key-encryption key, as written to the person-keys topic. */
export function wrapPersonKey(
  kek: Buffer,
  person: { readonly recordKey: string; readonly key: Buffer },
  iv: Buffer,
): string {
  assertKey(kek, 'the key-encryption key');
  assertKey(person.key, 'a person key');
  const sealed = gcmSeal(kek, { iv, aad: wrapAad(person.recordKey) }, person.key);
  return `${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

/** The person key of a wrapped one; throws when the key-encryption key or the Kafka key differ. */
export function unwrapPersonKey(kek: Buffer, recordKey: string, wrapped: string): Buffer {
  assertKey(kek, 'the key-encryption key');
  const [iv = '', sealed = ''] = wrapped.split('.');
  const key = gcmOpen(
    kek,
    { iv: Buffer.from(iv, 'base64url'), aad: wrapAad(recordKey) },
    Buffer.from(sealed, 'base64url'),
  );
  assertKey(key, 'an unwrapped person key');
  return key;
}

/** A copy of any JSON value with every sealed string replaced by `replace` (others unchanged). */
export function mapSealedValues<T>(value: T, replace: (sealed: SealedValue) => string): T {
  return mapSealed(value, replace) as T;
}

function mapSealed(value: unknown, replace: (sealed: SealedValue) => string): unknown {
  if (typeof value === 'string') {
    const sealed = parseSealedValue(value);
    return sealed ? replace(sealed) : value;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => mapSealed(item, replace));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, child]) => [name, mapSealed(child, replace)]),
    );
  }
  return value;
}

/** Calls `visit` with every sealed string inside any JSON value, in order; builds nothing. */
export function forEachSealedValue(value: unknown, visit: (sealed: SealedValue) => void): void {
  if (typeof value === 'string') {
    const sealed = parseSealedValue(value);
    if (sealed) {
      visit(sealed);
    }
  } else if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      forEachSealedValue(item, visit);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) {
      forEachSealedValue(child, visit);
    }
  }
}

/** A copy where every sealed value shows its person's pseudonym (a reader without keys). */
export function withPseudonymsForSealedValues<T>(value: T): T {
  return mapSealedValues(value, (sealed) => sealed.pseudonym);
}
