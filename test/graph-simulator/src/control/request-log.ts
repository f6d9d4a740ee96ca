// What the simulator was asked, for tests: recent requests and counters by route and status.

export interface LoggedRequest {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly route: string;
  readonly status: number;
  readonly durationMs: number;
  readonly tenantId: string | undefined;
  readonly clientId: string | undefined;
}

const KEEP = 2_000;

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private readonly counters = new Map<string, number>();

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > KEEP) {
      this.entries = this.entries.slice(-KEEP);
    }
    const key = `${entry.method} ${entry.route} ${entry.status}`;
    this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
  }

  snapshot(): { counters: Record<string, number>; requests: LoggedRequest[] } {
    return { counters: Object.fromEntries(this.counters), requests: [...this.entries] };
  }

  clear(): void {
    this.entries = [];
    this.counters.clear();
  }
}
