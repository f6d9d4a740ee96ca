import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';

import { ConfigError, describeConfig, loadConfig, sensitive } from './config';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe('HTTP port'),
  KAFKA_BROKERS: z.string().min(1).describe('Kafka bootstrap servers'),
  CLIENT_SECRET: sensitive(z.string().min(8)).describe('Graph client secret'),
});

describe(loadConfig.name, () => {
  it('parses, applies defaults and freezes the result', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: 'k:9092', CLIENT_SECRET: 's3cret-value' });

    expect(config).toEqual({ PORT: 3000, KAFKA_BROKERS: 'k:9092', CLIENT_SECRET: 's3cret-value' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every invalid key at once', () => {
    const load = () => loadConfig(schema, { PORT: '99999' });

    expect(load).toThrow(ConfigError);
    expect(() => load()).toThrow(/PORT[\s\S]*KAFKA_BROKERS[\s\S]*CLIENT_SECRET/);
  });

  it('never echoes the value of a sensitive key', () => {
    let error: unknown;
    try {
      loadConfig(schema, { KAFKA_BROKERS: 'k:9092', CLIENT_SECRET: 'short' });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('got <redacted>');
    expect((error as ConfigError).message).not.toContain('short');
  });

  it('reads a key from <KEY>_FILE, without the trailing newline', () => {
    const files: Record<string, string> = { '/run/secrets/graph': 'from-a-file\n' };

    const config = loadConfig(
      schema,
      { KAFKA_BROKERS: 'k:9092', CLIENT_SECRET_FILE: '/run/secrets/graph' },
      { readFile: (path) => files[path] ?? '' },
    );

    expect(config.CLIENT_SECRET).toBe('from-a-file');
  });

  it('names the _FILE variable when its file cannot be read', () => {
    const load = () =>
      loadConfig(
        schema,
        { KAFKA_BROKERS: 'k:9092', CLIENT_SECRET_FILE: '/missing' },
        {
          readFile: () => {
            throw new Error('ENOENT');
          },
        },
      );

    expect(load).toThrow(/CLIENT_SECRET_FILE: cannot read \/missing: ENOENT/);
  });
});

describe(describeConfig.name, () => {
  it('describes each key with its default, whether it is required and whether it is secret', () => {
    const rows = describeConfig(schema);

    expect(rows).toEqual([
      {
        key: 'PORT',
        description: 'HTTP port',
        required: false,
        defaultValue: '3000',
        sensitive: false,
      },
      {
        key: 'KAFKA_BROKERS',
        description: 'Kafka bootstrap servers',
        required: true,
        defaultValue: undefined,
        sensitive: false,
      },
      {
        key: 'CLIENT_SECRET',
        description: 'Graph client secret',
        required: true,
        defaultValue: undefined,
        sensitive: true,
      },
    ]);
  });
});
