import { randomBytes } from 'node:crypto';

/** A name no other test (or earlier run) uses: `<base>-<random hex>`. Lowercase, valid for topics and indexes. */
export function uniqueName(base: string): string {
  const safe = base.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  return `${safe}-${randomBytes(5).toString('hex')}`;
}

/** A topic name of our convention (`callrecords.<stream>.v1`) made unique for one test. */
export function uniqueTopic(stream: string): string {
  return `callrecords.test.${uniqueName(stream)}.v1`;
}

/** An index name made unique for one test; starts with `test-` so test data never matches production patterns. */
export function uniqueIndex(base: string): string {
  return `test-${uniqueName(base)}`;
}

/** A consumer group id made unique for one test. */
export function uniqueGroup(service: string): string {
  return `callrecords-test-${uniqueName(service)}`;
}
