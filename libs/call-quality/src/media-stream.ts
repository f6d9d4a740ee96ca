// Structural views of Graph's callRecords types, with the CSDL property names
// (callrecords-csdl-v1.0.xml: mediaStream, media, endpoint, segment, session). Every property is
// optional and nullable because Graph fills them late or never
// (libs/contracts/graph-reference/FACTS.md §6).

/** The mediaStream properties the quality rules read. Durations are ISO 8601 strings. */
export interface MediaStreamLike {
  readonly streamId?: string | null;
  /** `callerToCallee` | `calleeToCaller` (mediaStreamDirection). */
  readonly streamDirection?: string | null;
  readonly audioCodec?: string | null;
  readonly videoCodec?: string | null;
  readonly packetUtilization?: number | null;
  readonly averageJitter?: string | null;
  readonly averageRoundTripTime?: string | null;
  readonly averagePacketLossRate?: number | null;
  readonly averageAudioDegradation?: number | null;
  readonly averageRatioOfConcealedSamples?: number | null;
  readonly averageVideoFrameLossPercentage?: number | null;
  readonly averageVideoFrameRate?: number | null;
  readonly averageReceivedFrameRate?: number | null;
  readonly postForwardErrorCorrectionPacketLossRate?: number | null;
}

/** The media properties used to tell audio from video and screen sharing. */
export interface MediaLike {
  readonly label?: string | null;
  readonly streams?: readonly MediaStreamLike[] | null;
}

/** What CQD classifies separately. `data` and unknown labels are never classified. */
export type StreamModality =
  'audio' | 'video' | 'videoBasedScreenSharing' | 'applicationSharing' | 'data' | 'unknown';

/** Which end of the segment is a client (a participantEndpoint); `both` for peer-to-peer. */
export type ClientSide = 'caller' | 'callee' | 'both';

/** A number Graph actually reported: null, absent and NaN all mean "no metric". */
export function finite(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

const NO_CODEC = new Set(['unknown', 'invalid', 'unknownFutureValue']);

/**
 * The stream's modality from the media label, else from its codecs. Graph does not document label
 * values; Teams sends `main-audio`, `main-video`, `applicationsharing-video` (VBSS) and `data`.
 */
export function inferStreamModality(
  stream: MediaStreamLike,
  media?: MediaLike | null,
): StreamModality {
  const label = media?.label?.toLowerCase() ?? '';
  if (/applicationsharing-video|screenshar|vbss/.test(label)) {
    return 'videoBasedScreenSharing';
  }
  if (label.includes('applicationsharing')) {
    return 'applicationSharing';
  }
  if (label.includes('audio')) {
    return 'audio';
  }
  if (label.includes('video')) {
    return 'video';
  }
  if (label.includes('data')) {
    return 'data';
  }
  return modalityFromCodecs(stream);
}

function modalityFromCodecs(stream: MediaStreamLike): StreamModality {
  if (hasCodec(stream.videoCodec)) {
    // H.264S is the screen-sharing profile (libs/contracts/graph-reference/QUALITY.md, VBSS row).
    return stream.videoCodec === 'h264s' ? 'videoBasedScreenSharing' : 'video';
  }
  return hasCodec(stream.audioCodec) ? 'audio' : 'unknown';
}

function hasCodec(codec: string | null | undefined): boolean {
  return typeof codec === 'string' && codec.length > 0 && !NO_CODEC.has(codec);
}

/**
 * Whether a client receives (inbound) and/or sends (outbound) the stream; undefined when unknown.
 */
export interface StreamDirectionality {
  readonly inbound: boolean;
  readonly outbound: boolean;
}

// "Inbound must be derived from streamDirection and which side of the segment is the client"
// (libs/contracts/graph-reference/QUALITY.md). In peer-to-peer both ends are clients: the stream is
// both sent and received.
export function directionalityOf(
  stream: MediaStreamLike,
  clientSide: ClientSide | undefined,
): StreamDirectionality | undefined {
  const direction = stream.streamDirection;
  if (
    clientSide === undefined ||
    (direction !== 'callerToCallee' && direction !== 'calleeToCaller')
  ) {
    return undefined;
  }
  if (clientSide === 'both') {
    return { inbound: true, outbound: true };
  }
  const sender = direction === 'callerToCallee' ? 'caller' : 'callee';
  return { inbound: sender !== clientSide, outbound: sender === clientSide };
}
