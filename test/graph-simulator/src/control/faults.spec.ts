import { describe, expect, it } from '@jest/globals';

import { FaultBook, parseFault } from './faults';

function fault(body: Record<string, unknown>, now = 0): ReturnType<typeof parseFault> {
  return parseFault(body, 'f1', now);
}

describe(parseFault.name, () => {
  it('defaults to one use', () => {
    expect(fault({ kind: 'status', status: 503 })).toMatchObject({
      ok: true,
      fault: { remaining: 1, until: undefined },
    });
  });

  it.each([{ kind: 'status', status: 200 }, { kind: 'nope' }, 'text'])('refuses %p', (body) => {
    expect(parseFault(body, 'f1', 0).ok).toBe(false);
  });
});

describe(FaultBook.name, () => {
  it('consumes a counted fault and then lets requests through', () => {
    const book = new FaultBook();
    const parsed = fault({ kind: 'status', status: 429, count: 2 });
    if (parsed.ok) {
      book.add(parsed.fault);
    }
    const request = {
      target: 'graph',
      method: 'GET',
      path: '/v1.0/communications/callRecords',
    } as const;

    const hits = [book.take(request, 0), book.take(request, 0), book.take(request, 0)].map(Boolean);

    expect(hits).toEqual([true, true, false]);
  });

  it('applies a timed fault until it ends', () => {
    const book = new FaultBook();
    const parsed = fault({ kind: 'latency', latencyMs: 10, durationMs: 1000 });
    if (parsed.ok) {
      book.add(parsed.fault);
    }
    const request = { target: 'graph', method: 'GET', path: '/x' } as const;

    expect([Boolean(book.take(request, 999)), Boolean(book.take(request, 1000))]).toEqual([
      true,
      false,
    ]);
  });

  it('keeps notification faults away from Graph requests', () => {
    const book = new FaultBook();
    const parsed = fault({ kind: 'dropNotification' });
    if (parsed.ok) {
      book.add(parsed.fault);
    }

    expect(book.take({ target: 'graph', method: 'GET', path: '/x' }, 0)).toBeUndefined();
    expect(book.take({ target: 'notification', method: 'POST', path: '/hook' }, 0)).toBeDefined();
  });
});
