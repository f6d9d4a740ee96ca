import { Writable } from 'node:stream';

import { describe, expect, it } from '@jest/globals';

import { createLogger, logFormatOf, redactPaths, withCorrelation } from './logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe(createLogger.name, () => {
  it('writes JSON lines with service, version and a textual level', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ service: 'fetcher', version: '1.2.3', destination: stream });

    logger.info({ callRecordId: 'abc' }, 'fetched');

    expect(lines()[0]).toMatchObject({
      service: 'fetcher',
      version: '1.2.3',
      level: 'info',
      callRecordId: 'abc',
      msg: 'fetched',
    });
  });

  it('redacts personal fields and secrets at any of the usual depths', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ service: 's', version: '0', destination: stream });

    logger.info({
      clientState: 'secret-state',
      user: { displayName: 'Alice', id: 'u1' },
      record: { organizer: { user: { userPrincipalName: 'alice@contoso.com' } } },
      headers: { authorization: 'Bearer x' },
    });
    const line = lines()[0] ?? {};

    expect(JSON.stringify(line)).not.toMatch(/secret-state|Alice|alice@contoso.com|Bearer/);
    expect(line['user']).toEqual({ displayName: '[redacted]', id: 'u1' });
  });
});

describe(withCorrelation.name, () => {
  it('binds the correlation id to every line', () => {
    const { stream, lines } = capture();
    const logger = withCorrelation(
      createLogger({ service: 's', version: '0', destination: stream }),
      'corr-1',
    );

    logger.warn('retrying');

    expect(lines()[0]).toMatchObject({ correlationId: 'corr-1', level: 'warn' });
  });
});

describe(redactPaths.name, () => {
  it('covers a field at the top level and three levels down', () => {
    expect(redactPaths(['x'])).toEqual(['x', '*.x', '*.*.x', '*.*.*.x']);
  });
});

describe(logFormatOf.name, () => {
  it.each([
    [undefined, true, 'pretty'],
    [undefined, false, 'json'],
    ['', false, 'json'],
    ['json', true, 'json'],
    ['pretty', false, 'pretty'],
  ] as const)('reads LOG_FORMAT=%s on a terminal=%s as %s', (value, isTerminal, expected) => {
    expect(logFormatOf(value, isTerminal)).toBe(expected);
  });

  it('refuses any other value, naming the key', () => {
    expect(() => logFormatOf('text', true)).toThrow(
      'LOG_FORMAT: expected "json" or "pretty", got "text"',
    );
  });
});

describe('createLogger in pretty format', () => {
  it('writes one readable line with the level, message and fields, still redacted', async () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    });
    const logger = createLogger({
      service: 'fetcher',
      version: '1.2.3',
      format: 'pretty',
      destination: stream,
    });

    logger.warn({ callRecordId: 'abc', userPrincipalName: 'ada@contoso.com' }, 'record fetched');
    await new Promise((resolve) => setImmediate(resolve));

    const lines = chunks
      .join('')
      .split('\n')
      .filter((line) => line.length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] WARN: record fetched \{"callRecordId":"abc","userPrincipalName":"\[redacted\]"\}$/,
    );
  });
});
