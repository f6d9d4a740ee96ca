import { promisify } from 'node:util';
import { constants, zstdCompress, zstdDecompress } from 'node:zlib';

import { CompressionCodecs, CompressionTypes } from 'kafkajs';

const compress = promisify(zstdCompress);
const decompress = promisify(zstdDecompress);

// Level 3 is zstd's default: most of the ratio at a fraction of the CPU of higher levels.
const ZSTD_LEVEL = 3;

/**
 * A kafkajs codec backed by Node's built-in zstd (node:zlib, Node 22.15+), so record batches of
 * large meetings compress well without a native add-on (libs/contracts README: compression).
 */
export const zstdCodec = {
  async compress(encoder: { buffer: Buffer }): Promise<Buffer> {
    return compress(encoder.buffer, {
      params: { [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL },
    });
  },
  async decompress(buffer: Buffer): Promise<Buffer> {
    return decompress(buffer);
  },
};

/** Registers the zstd codec with kafkajs once per process (kafkajs keeps codecs in a module-level map). */
export function registerZstdCodec(): void {
  (CompressionCodecs as Record<number, () => typeof zstdCodec>)[CompressionTypes.ZSTD] = () =>
    zstdCodec;
}
