/** A dependency readiness depends on: `check` resolves when healthy and rejects with the reason when not. */
export interface HealthIndicator {
  readonly name: string;
  readonly check: () => Promise<void>;
  /** A check slower than this counts as down (default 2 s): readiness must answer in time itself. */
  readonly timeoutMs?: number;
}

export interface HealthCheckResult {
  readonly status: 'up' | 'down';
  readonly error?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly shuttingDown: boolean;
  readonly checks: Readonly<Record<string, HealthCheckResult>>;
}

/**
 * The truth behind /health/ready: every indicator up, and not shutting down. Liveness never uses it
 * (a dependency outage must not make Kubernetes restart a healthy process).
 */
export class Readiness {
  private readonly indicators = new Map<string, HealthIndicator>();
  private shuttingDown = false;

  register(indicator: HealthIndicator): void {
    this.indicators.set(indicator.name, indicator);
  }

  /** First step of a graceful stop: load balancers and Kafka lag alerts stop counting on us. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async check(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.indicators.values()].map(
        async (indicator) => [indicator.name, await runCheck(indicator)] as const,
      ),
    );
    const checks = Object.fromEntries(entries);
    const allUp = entries.every(([, result]) => result.status === 'up');
    return { ready: allUp && !this.shuttingDown, shuttingDown: this.shuttingDown, checks };
  }
}

async function runCheck(indicator: HealthIndicator): Promise<HealthCheckResult> {
  const timeoutMs = indicator.timeoutMs ?? 2_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([indicator.check(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
