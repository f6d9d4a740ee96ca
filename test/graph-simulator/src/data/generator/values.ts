// Small value helpers for generated Graph data (libs/contracts/graph-reference/FACTS.md section 3:
// durations are ISO 8601 strings, date-times ISO 8601 UTC, ratios plain numbers).

/** `PT0.016S` for 16 ms, like Graph's mediaStream durations. */
export function isoDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms)) / 1000;
  return `PT${Number(seconds.toFixed(3))}S`;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function plusMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}
