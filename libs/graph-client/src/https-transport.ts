import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { rootCertificates } from 'node:tls';

// HTTPS with an extra trusted CA for this client only (the Graph simulator's), never process-wide
// (no NODE_EXTRA_CA_CERTS, no global dispatcher). Returns web `Response`s, like fetch.

export interface TransportRequest {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpsTransport {
  send(input: TransportRequest): Promise<Response>;
  close(): void;
}

export interface TransportOptions {
  /** Path of a PEM CA to trust besides the public roots. */
  readonly caFile: string | undefined;
  readonly timeoutMs: number;
}

export function createHttpsTransport(options: TransportOptions): HttpsTransport {
  const extraCa = options.caFile ? [readFileSync(options.caFile, 'utf8')] : [];
  const agent = new Agent({ keepAlive: true, ca: [...rootCertificates, ...extraCa] });
  return {
    send: (input) => sendOnce(agent, input, options.timeoutMs),
    close: () => agent.destroy(),
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
    req.on('timeout', () => req.destroy(new Error(`request timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(input.body);
  });
}
