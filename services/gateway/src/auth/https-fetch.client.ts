import { request } from 'node:https';

/** A `fetch` for the identity provider that trusts `ca` (the simulator's own CA in the demo). */
export function httpsFetchTrusting(ca: string | undefined): typeof fetch {
  if (ca === undefined) {
    return fetch;
  }
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const outgoing = request(url, { method: init?.method ?? 'GET', headers, ca }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve(
            new Response(Buffer.concat(chunks), {
              status: incoming.statusCode ?? 502,
              headers: Object.entries(incoming.headers).flatMap(([name, value]) =>
                value === undefined ? [] : [[name, String(value)] as [string, string]],
              ),
            }),
          ),
        );
        incoming.on('error', reject);
      });
      init?.signal?.addEventListener('abort', () => outgoing.destroy(new Error('aborted')));
      outgoing.on('error', reject);
      outgoing.end();
    });
}
