import { describe, expect, it } from '@jest/globals';

import { zstdCodec } from './zstd-codec';

describe('zstdCodec', () => {
  it('round-trips a record batch and makes repetitive JSON much smaller', async () => {
    const buffer = Buffer.from(
      JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ id: i, type: 'groupCall' }))),
    );

    const compressed = await zstdCodec.compress({ buffer });
    const restored = await zstdCodec.decompress(compressed);

    expect(restored.equals(buffer)).toBe(true);
    expect(compressed.length).toBeLessThan(buffer.length / 5);
  });
});
