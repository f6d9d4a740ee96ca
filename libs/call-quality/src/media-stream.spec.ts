import { describe, expect, it } from '@jest/globals';

import { directionalityOf, finite, inferStreamModality } from './media-stream';
import type { ClientSide, MediaStreamLike, StreamModality } from './media-stream';

describe(inferStreamModality.name, () => {
  it.each<readonly [string | null, MediaStreamLike, StreamModality]>([
    ['main-audio', {}, 'audio'],
    ['Main-Audio', {}, 'audio'],
    ['main-video', {}, 'video'],
    ['panoramic-video', {}, 'video'],
    ['applicationsharing-video', {}, 'videoBasedScreenSharing'],
    ['screensharing', {}, 'videoBasedScreenSharing'],
    ['applicationsharing', {}, 'applicationSharing'],
    ['data', {}, 'data'],
    [null, { audioCodec: 'opus' }, 'audio'],
    [null, { videoCodec: 'h264' }, 'video'],
    [null, { videoCodec: 'h264s' }, 'videoBasedScreenSharing'],
    ['', { audioCodec: 'satin', videoCodec: 'unknown' }, 'audio'],
    [null, { audioCodec: 'invalid' }, 'unknown'],
    [null, {}, 'unknown'],
    ['main-audio', { videoCodec: 'h264' }, 'audio'],
  ])('reads label %j with %j as %s', (label, stream, expected) => {
    const modality = inferStreamModality(stream, { label });

    expect(modality).toBe(expected);
  });

  it('falls back to codecs when there is no media', () => {
    const modality = inferStreamModality({ audioCodec: 'silk' });

    expect(modality).toBe('audio');
  });
});

describe(directionalityOf.name, () => {
  it.each<readonly [string | null, ClientSide | undefined, unknown]>([
    ['callerToCallee', 'caller', { inbound: false, outbound: true }],
    ['callerToCallee', 'callee', { inbound: true, outbound: false }],
    ['calleeToCaller', 'caller', { inbound: true, outbound: false }],
    ['calleeToCaller', 'callee', { inbound: false, outbound: true }],
    ['calleeToCaller', 'both', { inbound: true, outbound: true }],
    ['callerToCallee', undefined, undefined],
    [null, 'caller', undefined],
    ['sideways', 'caller', undefined],
  ])('reads %s seen from client side %s as %j', (streamDirection, clientSide, expected) => {
    const direction = directionalityOf({ streamDirection }, clientSide);

    expect(direction).toEqual(expected);
  });
});

describe(finite.name, () => {
  it.each([
    [0.5, 0.5],
    [0, 0],
    [null, undefined],
    [undefined, undefined],
    [NaN, undefined],
    [Infinity, undefined],
  ])('reads %s as %s', (value, expected) => {
    const result = finite(value);

    expect(result).toBe(expected);
  });
});
