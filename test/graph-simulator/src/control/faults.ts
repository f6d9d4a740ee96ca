import { isJsonObject } from '../simulator.types';

// Injected faults (STYLE.md 2.13: tests inject faults through /_sim/, never by mocking Graph).
// A fault applies to the next `count` matching requests, or to every matching request for `durationMs`.

export type FaultTarget = 'graph' | 'entra';

export type FaultSpec =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number }
  | { readonly kind: 'latency'; readonly latencyMs: number }
  | { readonly kind: 'dropNotification' };

export interface Fault {
  readonly id: string;
  readonly spec: FaultSpec;
  readonly target: FaultTarget;
  readonly pathPattern: RegExp | undefined;
  readonly method: string | undefined;
  /** Left to consume; undefined when the fault is bounded by time. */
  remaining: number | undefined;
  readonly until: number | undefined;
}

export interface FaultRequest {
  readonly target: FaultTarget | 'notification';
  readonly method: string;
  readonly path: string;
}

export type FaultParse = { ok: true; fault: Fault } | { ok: false; message: string };

function parseSpec(body: Record<string, unknown>): FaultSpec | string {
  switch (body['kind']) {
    case 'status': {
      const status = Number(body['status']);
      const retryAfter = body['retryAfterSeconds'];
      if (!Number.isInteger(status) || status < 400 || status > 599) {
        return 'status must be an HTTP error status (400-599)';
      }
      return typeof retryAfter === 'number'
        ? { kind: 'status', status, retryAfterSeconds: retryAfter }
        : { kind: 'status', status };
    }
    case 'latency': {
      const latencyMs = Number(body['latencyMs']);
      return latencyMs >= 0 ? { kind: 'latency', latencyMs } : 'latencyMs must be >= 0';
    }
    case 'dropNotification':
      return { kind: 'dropNotification' };
    default:
      return "kind must be 'status', 'latency' or 'dropNotification'";
  }
}

/** Builds a fault from a POST /_sim/faults body. */
export function parseFault(body: unknown, id: string, now: number): FaultParse {
  if (!isJsonObject(body)) {
    return { ok: false, message: 'body must be a JSON object' };
  }
  const spec = parseSpec(body);
  if (typeof spec === 'string') {
    return { ok: false, message: spec };
  }
  const durationMs = typeof body['durationMs'] === 'number' ? body['durationMs'] : undefined;
  const count = typeof body['count'] === 'number' ? body['count'] : durationMs ? undefined : 1;
  const pattern = typeof body['pathPattern'] === 'string' ? body['pathPattern'] : undefined;
  const target: FaultTarget = body['target'] === 'entra' ? 'entra' : 'graph';
  return {
    ok: true,
    fault: {
      id,
      spec,
      target,
      pathPattern: pattern === undefined ? undefined : new RegExp(pattern),
      method: typeof body['method'] === 'string' ? body['method'].toUpperCase() : undefined,
      remaining: count,
      until: durationMs === undefined ? undefined : now + durationMs,
    },
  };
}

export function isFaultActive(fault: Fault, now: number): boolean {
  const withinTime = fault.until === undefined || now < fault.until;
  const withinCount = fault.remaining === undefined || fault.remaining > 0;
  return withinTime && withinCount;
}

export function faultMatches(fault: Fault, request: FaultRequest): boolean {
  const isNotificationFault = fault.spec.kind === 'dropNotification';
  if (isNotificationFault !== (request.target === 'notification')) {
    return false;
  }
  if (!isNotificationFault && fault.target !== request.target) {
    return false;
  }
  const methodOk = fault.method === undefined || fault.method === request.method.toUpperCase();
  return methodOk && (fault.pathPattern === undefined || fault.pathPattern.test(request.path));
}

/** The active faults in order; `take` consumes one use of the first matching fault. */
export class FaultBook {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  take(request: FaultRequest, now: number): Fault | undefined {
    this.faults = this.faults.filter((fault) => isFaultActive(fault, now));
    const fault = this.faults.find((candidate) => faultMatches(candidate, request));
    if (fault?.remaining !== undefined) {
      fault.remaining -= 1;
    }
    return fault;
  }

  list(now: number): Fault[] {
    return this.faults.filter((fault) => isFaultActive(fault, now));
  }

  clear(): void {
    this.faults = [];
  }
}
