import { afterEach, describe, expect, it, jest } from '@jest/globals';

import { PermanentError, RetryableError } from '@callrecords/contracts';
import { Registry } from '@callrecords/service-kit';

import type { BulkItemResult } from './bulk-item';
import { serializeVersionedDocument } from './bulk-upsert';
import type { SerializedDocument, VersionedDocument } from './bulk-upsert';
import { BulkWriter } from './bulk-writer';
import type { BulkSender } from './bulk-writer';

function doc(id: string, version = 1): VersionedDocument {
  return { index: 'records-write', id, version, document: { id, padding: 'x'.repeat(50) } };
}

const written = (docs: readonly SerializedDocument[]): BulkItemResult[] =>
  docs.map((d) => ({ id: d.id, index: d.index, status: 'written' }));

/** An in-memory sender that records batches by id and answers with `respond`. */
function fakeSender(respond: BulkSender = (docs) => Promise.resolve(written(docs))) {
  const batches: string[][] = [];
  const send: BulkSender = (docs) => {
    batches.push(docs.map((d) => d.id));
    return respond(docs);
  };
  return { batches, send };
}

/** A sender whose answers the test releases one bulk at a time. */
function gatedSender() {
  const releases: (() => void)[] = [];
  const fake = fakeSender(
    (docs) => new Promise((resolve) => releases.push(() => resolve(written(docs)))),
  );
  return { ...fake, release: () => releases.shift()?.() };
}

const oneDocBytes = serializeVersionedDocument(doc('a')).bytes;

describe(BulkWriter.name, () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sends a bulk as soon as maxDocs documents are buffered', async () => {
    const sender = fakeSender();
    const writer = new BulkWriter(sender.send, { maxDocs: 3, maxDelayMs: 60_000 });

    const results = await Promise.all(['a', 'b', 'c'].map((id) => writer.add(doc(id))));

    expect(sender.batches).toEqual([['a', 'b', 'c']]);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['a', 'written'],
      ['b', 'written'],
      ['c', 'written'],
    ]);
  });

  it('cuts a bulk before a document would push it past maxBytes', async () => {
    const sender = fakeSender();
    const writer = new BulkWriter(sender.send, { maxBytes: oneDocBytes * 2.5, maxDelayMs: 60_000 });

    const pending = ['a', 'b', 'c'].map((id) => writer.add(doc(id)));
    await writer.flush();
    await Promise.all(pending);

    expect(sender.batches).toEqual([['a', 'b'], ['c']]);
  });

  it('sends a document larger than maxBytes on its own', async () => {
    const sender = fakeSender();
    const writer = new BulkWriter(sender.send, { maxBytes: oneDocBytes - 1, maxDelayMs: 60_000 });

    await Promise.all(['a', 'b'].map((id) => writer.add(doc(id))));

    expect(sender.batches).toEqual([['a'], ['b']]);
  });

  it('sends a partial bulk maxDelayMs after its first document', async () => {
    jest.useFakeTimers();
    const sender = fakeSender();
    const writer = new BulkWriter(sender.send, { maxDocs: 100, maxDelayMs: 1_000 });

    const first = writer.add(doc('a'));
    jest.advanceTimersByTime(500);
    const second = writer.add(doc('b'));
    jest.advanceTimersByTime(499);
    const sentEarly = sender.batches.length;
    jest.advanceTimersByTime(1);
    await Promise.all([first, second]);

    expect(sentEarly).toBe(0);
    expect(sender.batches).toEqual([['a', 'b']]);
  });

  it('flushes on demand and resolves once the bulk has completed', async () => {
    const sender = gatedSender();
    const writer = new BulkWriter(sender.send, { maxDelayMs: 60_000 });
    const result = writer.add(doc('a'));

    const flushed = writer.flush();
    sender.release();
    await flushed;

    await expect(result).resolves.toMatchObject({ id: 'a', status: 'written' });
  });

  it('resolves each document with its own item result', async () => {
    const sender = fakeSender((docs) =>
      Promise.resolve(
        docs.map((d, i) => ({ id: d.id, index: d.index, status: i === 0 ? 'stale' : 'poison' })),
      ),
    );
    const writer = new BulkWriter(sender.send, { maxDocs: 2 });

    const results = await Promise.all([writer.add(doc('a')), writer.add(doc('b'))]);

    expect(results.map((r) => r.status)).toEqual(['stale', 'poison']);
  });

  it('rejects every document of a failed bulk and keeps going with the next', async () => {
    const failure = new RetryableError('opensearch unreachable');
    let calls = 0;
    const sender = fakeSender((docs) =>
      calls++ === 0 ? Promise.reject(failure) : Promise.resolve(written(docs)),
    );
    const writer = new BulkWriter(sender.send, { maxDocs: 2 });

    const failed = [writer.add(doc('a')), writer.add(doc('b'))];
    const next = writer.add(doc('c'));
    await writer.flush();

    await expect(failed[0]).rejects.toBe(failure);
    await expect(failed[1]).rejects.toBe(failure);
    await expect(next).resolves.toMatchObject({ status: 'written' });
  });

  it.each([1, 2])('keeps at most %d bulks in flight and queues the rest', async (limit) => {
    let inFlight = 0;
    let maxInFlight = 0;
    const sender = fakeSender(async (docs) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Answer on a later turn of the event loop, like a real network call.
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return written(docs);
    });
    const writer = new BulkWriter(sender.send, { maxDocs: 1, maxConcurrentBulks: limit });

    const results = ['a', 'b', 'c', 'd'].map((id) => writer.add(doc(id)));
    const pendingRightAway = writer.pendingDocs;
    await Promise.all(results);

    expect(maxInFlight).toBe(limit);
    expect(sender.batches).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(pendingRightAway).toBe(4);
  });

  it('keeps queued batches apart when together they would pass maxDocs', async () => {
    const sender = gatedSender();
    const writer = new BulkWriter(sender.send, { maxDocs: 4, maxDelayMs: 60_000 });
    const first = ['a', 'b', 'c', 'd'].map((id) => writer.add(doc(id)));
    const queued = ['e', 'f'].map((id) => writer.add(doc(id)));
    void writer.flush();
    queued.push(...['g', 'h', 'i'].map((id) => writer.add(doc(id))));
    const flushed = writer.flush();

    sender.release();
    await Promise.all(first);
    await new Promise((resolve) => setImmediate(resolve));
    sender.release();
    await new Promise((resolve) => setImmediate(resolve));
    sender.release();
    await Promise.all([...queued, flushed]);

    expect(sender.batches).toEqual([
      ['a', 'b', 'c', 'd'],
      ['e', 'f'],
      ['g', 'h', 'i'],
    ]);
  });

  it('merges queued batches that fit together into one bulk', async () => {
    const sender = gatedSender();
    const writer = new BulkWriter(sender.send, { maxDocs: 5, maxDelayMs: 60_000 });
    const first = writer.add(doc('a'));
    void writer.flush();
    const queued = ['b', 'c'].map((id) => writer.add(doc(id)));
    void writer.flush();
    queued.push(...['d', 'e'].map((id) => writer.add(doc(id))));
    const flushed = writer.flush();

    sender.release();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    sender.release();
    await Promise.all([...queued, flushed]);

    expect(sender.batches).toEqual([['a'], ['b', 'c', 'd', 'e']]);
  });

  it('sends what is buffered as soon as a bulk completes, without waiting for its delay', async () => {
    const sender = gatedSender();
    const writer = new BulkWriter(sender.send, { maxDocs: 2, maxDelayMs: 60_000 });
    const first = ['a', 'b'].map((id) => writer.add(doc(id)));
    const buffered = writer.add(doc('c'));

    sender.release();
    await Promise.all(first);
    await new Promise((resolve) => setImmediate(resolve));
    const batchesAfterFirst = sender.batches.map((batch) => [...batch]);
    sender.release();

    await expect(buffered).resolves.toMatchObject({ id: 'c', status: 'written' });
    expect(batchesAfterFirst).toEqual([['a', 'b'], ['c']]);
  });

  it('has nothing pending once every bulk has completed', async () => {
    const writer = new BulkWriter(fakeSender().send, { maxDocs: 2 });

    await Promise.all([writer.add(doc('a')), writer.add(doc('b'))]);
    await writer.flush();

    expect(writer.pendingDocs).toBe(0);
  });

  it('flushes on close and refuses documents afterwards', async () => {
    const sender = fakeSender();
    const writer = new BulkWriter(sender.send, { maxDelayMs: 60_000 });
    const buffered = writer.add(doc('a'));

    await writer.close();

    await expect(buffered).resolves.toMatchObject({ status: 'written' });
    await expect(writer.add(doc('b'))).rejects.toBeInstanceOf(PermanentError);
  });

  it('rejects only the document with an invalid version', async () => {
    const sender = fakeSender();
    const writer = new BulkWriter(sender.send, { maxDelayMs: 60_000 });

    const bad = writer.add(doc('a', -1));
    const good = writer.add(doc('b'));
    await writer.flush();

    await expect(bad).rejects.toBeInstanceOf(PermanentError);
    await expect(good).resolves.toMatchObject({ id: 'b' });
  });

  it('counts items by status and times bulks by outcome on the registry', async () => {
    const registry = new Registry();
    const sender = fakeSender((docs) =>
      Promise.resolve(docs.map((d) => ({ id: d.id, index: d.index, status: 'stale' }))),
    );
    const writer = new BulkWriter(sender.send, { maxDocs: 2, registry });

    await Promise.all([writer.add(doc('a')), writer.add(doc('b'))]);
    const items = await registry.getSingleMetric('callrecords_opensearch_bulk_items_total')?.get();
    const latency = await registry
      .getSingleMetric('callrecords_opensearch_bulk_duration_seconds')
      ?.get();

    expect(items?.values).toEqual([{ labels: { status: 'stale' }, value: 2 }]);
    expect(latency?.values).toContainEqual(
      expect.objectContaining({
        metricName: 'callrecords_opensearch_bulk_duration_seconds_count',
        labels: { outcome: 'answered' },
        value: 1,
      }),
    );
  });

  it('shares the series between writers on one registry', () => {
    const registry = new Registry();

    const create = () => [
      new BulkWriter(fakeSender().send, { registry }),
      new BulkWriter(fakeSender().send, { registry }),
    ];

    expect(create).not.toThrow();
  });
});
