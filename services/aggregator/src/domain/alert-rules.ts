import type { DirectRoutingLogRow, PstnCallLogRow } from '@callrecords/contracts';

import { addHours } from './buckets';
import { parseCell } from './cells';
import type { CellSums } from './rollup-documents';
import { ratioOf } from './rollup-documents';

export const ALERT_RULES = {
  emergencyCall: 'emergency-call',
  poorCallRatio: 'poor-call-ratio',
  trunkFailureRatio: 'direct-routing-trunk-failure-ratio',
} as const;
const RULE_VERSION = 1;
const HOUR_MS = 60 * 60 * 1000;

export interface RatioRule {
  /** Fires when the ratio is strictly above this (0..1). */
  readonly threshold: number;
  /** …and at least this many calls are in the window (no alert on 1 poor call out of 2). */
  readonly minCalls: number;
  readonly windowHours: number;
}

export interface AlertRulesConfig {
  readonly poorCall: RatioRule;
  readonly trunkFailure: RatioRule;
  /** Dialled numbers that are emergency services (digits only, e.g. `911`, `112`). */
  readonly emergencyNumbers: ReadonlySet<string>;
}

/**
 * An alert a rule wants to raise; `dedupeKey` is the same for every evaluation of the same case.
 */
/** Sums of the cells a rule reads over its window, evaluated at `hourStart` (the newest hour). */
export interface WindowSums {
  readonly tenantId: string;
  readonly hourStart: string;
  readonly sums: CellSums;
}

export interface AlertCandidate {
  readonly tenantId: string;
  readonly rule: string;
  readonly ruleVersion: number;
  readonly key: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly severity: 'info' | 'warning' | 'critical';
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
  readonly dedupeKey: string;
}

/**
 * The window of a sliding rule evaluated at an hour: the `windowHours` hours ending with it. Alerts
 * are de-duplicated per key and period (`windowHours`-aligned), so a lasting condition raises one
 * alert per period, not one per hour.
 */
export function ruleWindow(
  hourStart: string,
  rule: RatioRule,
): { start: string; end: string; period: string } {
  const periodMs = rule.windowHours * HOUR_MS;
  const period = new Date(Math.floor(Date.parse(hourStart) / periodMs) * periodMs).toISOString();
  return { start: addHours(hourStart, 1 - rule.windowHours), end: addHours(hourStart, 1), period };
}

/**
 * Poor-call ratio of the tenant, each subnet and each site over the window, above the threshold.
 */
export function poorCallAlerts(window: WindowSums, config: AlertRulesConfig): AlertCandidate[] {
  const { tenantId, hourStart, sums: windowSums } = window;
  const rule = config.poorCall;
  const range = ruleWindow(hourStart, rule);
  return [...windowSums].flatMap(([cell, m]) => {
    const parsed = parseCell(cell);
    if (
      parsed?.metric !== 'calls' ||
      parsed.histogram ||
      !['total', 'subnet', 'site'].includes(parsed.dimension)
    ) {
      return [];
    }
    const ratio = ratioOf(m.poorCalls, m.classifiedCalls);
    if (ratio === null || m.classifiedCalls < rule.minCalls || ratio <= rule.threshold) {
      return [];
    }
    const key = parsed.dimension === 'total' ? 'tenant' : `${parsed.dimension}:${parsed.value}`;
    return [
      candidate(
        { tenantId, rule: ALERT_RULES.poorCallRatio, key, window: range, severity: 'warning' },
        {
          scope: parsed.dimension === 'total' ? 'tenant' : parsed.dimension,
          poorCalls: m.poorCalls,
          classifiedCalls: m.classifiedCalls,
          ratio,
          threshold: rule.threshold,
          minCalls: rule.minCalls,
          windowHours: rule.windowHours,
        },
      ),
    ];
  });
}

/** Direct Routing failure ratio of each trunk over the window, above the threshold. */
export function trunkFailureAlerts(window: WindowSums, config: AlertRulesConfig): AlertCandidate[] {
  const { tenantId, hourStart, sums: windowSums } = window;
  const rule = config.trunkFailure;
  const range = ruleWindow(hourStart, rule);
  return [...windowSums].flatMap(([cell, m]) => {
    const parsed = parseCell(cell);
    if (parsed?.metric !== 'direct-routing' || parsed.dimension !== 'trunk' || parsed.histogram) {
      return [];
    }
    const attempts = m.successes + m.failures;
    const ratio = ratioOf(m.failures, attempts);
    if (ratio === null || attempts < rule.minCalls || ratio <= rule.threshold) {
      return [];
    }
    return [
      candidate(
        {
          tenantId,
          rule: ALERT_RULES.trunkFailureRatio,
          key: `trunk:${parsed.value}`,
          window: range,
          severity: 'critical',
        },
        {
          failures: m.failures,
          attempts,
          ratio,
          threshold: rule.threshold,
          minCalls: rule.minCalls,
          windowHours: rule.windowHours,
        },
      ),
    ];
  });
}

/** An emergency call on a PSTN or Direct Routing row: fires once per row. */
export function emergencyCallAlert(
  tenantId: string,
  report:
    | { readonly kind: 'pstn'; readonly row: PstnCallLogRow }
    | { readonly kind: 'directRouting'; readonly row: DirectRoutingLogRow },
  config: AlertRulesConfig,
): AlertCandidate | undefined {
  const { row } = report;
  const callType = row.callType?.toLowerCase() ?? '';
  const dialled = (row.calleeNumber ?? '').replace(/[^0-9]/g, '');
  // Graph documents callType as a free string (libs/contracts/graph-reference/FACTS.md §3:
  // `user_in`, `ByotOut`…) and names no emergency type, so an emergency call is an outbound call to
  // a configured emergency number, or any call type naming emergency. Inbound rows (`…in`: the
  // callee is our user) never are.
  const inbound = callType.endsWith('in');
  const isEmergency =
    callType.includes('emergency') || (!inbound && config.emergencyNumbers.has(dialled));
  const at = row.startDateTime ?? row.endDateTime;
  if (!isEmergency || !at) {
    return undefined;
  }
  const start = new Date(Date.parse(at)).toISOString();
  const end = row.endDateTime
    ? new Date(Math.max(Date.parse(row.endDateTime), Date.parse(start))).toISOString()
    : start;
  return candidate(
    {
      tenantId,
      rule: ALERT_RULES.emergencyCall,
      key: `${report.kind}:${row.id}`,
      window: { start, end, period: row.id },
      severity: 'critical',
    },
    { report: report.kind, callType: row.callType ?? null, userId: row.userId ?? null },
  );
}

function candidate(
  base: {
    tenantId: string;
    rule: string;
    key: string;
    window: { start: string; end: string; period: string };
    severity: AlertCandidate['severity'];
  },
  details: AlertCandidate['details'],
): AlertCandidate {
  return {
    tenantId: base.tenantId,
    rule: base.rule,
    ruleVersion: RULE_VERSION,
    key: base.key,
    window: { start: base.window.start, end: base.window.end },
    severity: base.severity,
    details,
    dedupeKey: [base.tenantId, base.rule, base.key, base.window.period].join('|'),
  };
}
