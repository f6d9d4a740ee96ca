// Graph encodes Edm.Duration as an ISO 8601 duration string, e.g. "PT0.016S"
// (libs/contracts/graph-reference/FACTS.md §3).
const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const DURATION = new RegExp(
  String.raw`^(-)?P(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
);

const SECONDS_ONLY = new RegExp(String.raw`^PT${NUMBER}S$`);

const MS_PER = {
  week: 604_800_000,
  day: 86_400_000,
  hour: 3_600_000,
  minute: 60_000,
  second: 1_000,
};

/**
 * Milliseconds in an ISO 8601 duration (weeks, days, hours, minutes, seconds; fractions allowed).
 * Returns undefined for null, malformed strings, and years or months (no fixed length).
 */
export function parseIsoDurationMs(value: string | null | undefined): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  // Graph's media metrics are seconds only (`PT0.016S`): the indexer and aggregator read several per
  // stream, so that form skips the general pattern. Same arithmetic, so the same result.
  const secondsOnly = SECONDS_ONLY.exec(value);
  if (secondsOnly) {
    return Math.round(toNumber(secondsOnly[1]) * MS_PER.second * 1_000) / 1_000;
  }
  const match = DURATION.exec(value.trim());
  if (!match || value.trim().endsWith('T')) {
    return undefined;
  }
  const [, sign, weeks, days, hours, minutes, seconds] = match;
  const parts = [weeks, days, hours, minutes, seconds];
  if (parts.every((part) => part === undefined)) {
    return undefined;
  }
  const total =
    toNumber(weeks) * MS_PER.week +
    toNumber(days) * MS_PER.day +
    toNumber(hours) * MS_PER.hour +
    toNumber(minutes) * MS_PER.minute +
    toNumber(seconds) * MS_PER.second;
  // Microsecond rounding removes binary noise (0.029 * 1000 = 29.000000000000004) so that
  // thresholds compare against the value Graph meant.
  const rounded = Math.round(total * 1_000) / 1_000;
  return sign ? -rounded : rounded;
}

function toNumber(part: string | undefined): number {
  if (part === undefined) {
    return 0;
  }
  return Number(part.includes(',') ? part.replace(',', '.') : part);
}
