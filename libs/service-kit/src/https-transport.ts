import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';

// HTTPS with an extra trusted CA for one client only (the Graph simulator's in the demo), never
// process-wide (no NODE_EXTRA_CA_CERTS, no global dispatcher). Returns web `Response`s, like fetch.
// The one such client of the workspace: MSAL and the Graph SDK (graph-client) and the gateway's
// token verifier (jose) all go through it.

export interface TransportRequest {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export interface HttpsTransport {
  send(input: TransportRequest): Promise<Response>;
  close(): void;
}

export interface TransportOptions {
  /** Path of a PEM CA to trust besides the public roots. */
  readonly caFile?: string | undefined;
  /** The PEM text itself, when the caller has read it already. */
  readonly caPem?: string | undefined;
  readonly timeoutMs: number;
}

/** An HTTPS client trusting the public roots plus the given CA; requests time out after `timeoutMs`. */
export function createHttpsTransport(options: TransportOptions): HttpsTransport {
  const extraCa = [
    ...(options.caFile ? [readFileSync(options.caFile, 'utf8')] : []),
    ...(options.caPem ? [options.caPem] : []),
  ];
  // One secure context built once: an agent given `ca` itself puts the ~150 PEM roots into the
  // key of every request (Agent#getName), which cost ~2 ms of CPU per Graph request under load.
  const secureContext = createSecureContext({ ca: [...rootCertificates, ...extraCa] });
  const agent = new Agent({ keepAlive: true, secureContext });
  return {
    send: (input) => sendOnce(agent, input, options.timeoutMs),
    close: () => agent.destroy(),
  };
}

/** A `fetch` over the transport, for libraries that take one (jose's remote key set). */
export function fetchOver(transport: HttpsTransport): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const signal = init?.signal ?? undefined;
    return transport.send({ method: init?.method ?? 'GET', url, headers, body, signal });
  };
}

function sendOnce(agent: Agent, input: TransportRequest, timeoutMs: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(
      input.url,
      { method: input.method, headers: input.headers, agent, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const item of [value ?? []].flat()) {
              headers.append(name, item);
            }
          }
          const status = res.statusCode ?? 502;
          const isBodyless = status === 204 || status === 304;
          resolve(new Response(isBodyless ? null : Buffer.concat(chunks), { status, headers }));
        });
      },
    );
    input.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')));
    req.on('timeout', () => req.destroy(new Error(`request timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(input.body);
  });
}
