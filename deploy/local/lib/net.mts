// Loopback-only probes: is a port free, who holds it, does Kafka answer, does OpenSearch answer.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { request } from 'node:http';
import { createConnection, createServer } from 'node:net';

const HOST = '127.0.0.1';

/** True when nothing listens on 127.0.0.1:port (we can bind it ourselves). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen({ port, host: HOST, exclusive: true }, () => {
      server.close(() => resolvePromise(true));
    });
  });
}

/** True when a TCP connect to 127.0.0.1:port succeeds within timeoutMs. */
export function portAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ port, host: HOST });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolvePromise(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[] = [];
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1]?.split(':');
      if (cols[3] === '0A' && local && parseInt(local[local.length - 1] ?? '', 16) === port) {
        inodes.add(cols[9] ?? '');
      }
    }
  }
  return inodes;
}

function pidHoldingSocket(inodes: Set<string>): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    const found = fds.some((fd) => {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        return m !== null && inodes.has(m[1] ?? '');
      } catch {
        return false;
      }
    });
    if (found) {
      return Number(entry);
    }
  }
  return undefined;
}

/** "pid 123: python3 -m http.server 9200" for the process listening on the port, when Linux /proc tells. */
export function describePortOwner(port: number): string | undefined {
  try {
    const inodes = listeningInodes(port);
    if (inodes.size === 0) {
      return undefined;
    }
    const pid = pidHoldingSocket(inodes);
    if (pid === undefined) {
      return undefined;
    }
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return `pid ${pid}: ${cmd.length > 160 ? `${cmd.slice(0, 160)}...` : cmd}`;
  } catch {
    return undefined;
  }
}

/** GET http://127.0.0.1:port/path; rejects on connection errors and timeouts. */
export function httpGet(
  port: number,
  path: string,
  timeoutMs = 3000,
): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: HOST, port, path, method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolvePromise({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** OpenSearch cluster health colour, or undefined when the node does not answer. */
export async function opensearchHealth(port: number, waitMs = 0): Promise<string | undefined> {
  const query = waitMs > 0 ? `?wait_for_status=yellow&timeout=${waitMs}ms` : '';
  try {
    const res = await httpGet(port, `/_cluster/health${query}`, waitMs + 3000);
    if (res.status !== 200) {
      return undefined;
    }
    const health = JSON.parse(res.body) as { status?: string };
    return health.status;
  } catch {
    return undefined;
  }
}
