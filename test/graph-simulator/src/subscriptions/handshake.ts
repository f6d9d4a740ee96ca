import { randomUUID } from 'node:crypto';

import type { DeliveryLog } from '../notifications/delivery-log';
import { postToEndpoint } from '../notifications/post-json';

// The validation handshake (libs/contracts/graph-reference/FACTS.md 6): POST
// {url}?validationToken=… with an empty text/plain body; the endpoint must answer 200, Content-Type
// text/plain, body = the URL-decoded token, within 10 s. The token has spaces and a colon, so an
// endpoint that echoes it still encoded fails, as with Graph.

export type HandshakeResult = { ok: true } | { ok: false; message: string };

export function validationUrl(url: string, token: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
}

export async function validateEndpoint(
  url: string,
  options: { readonly timeoutMs: number; readonly deliveries: DeliveryLog },
): Promise<HandshakeResult> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  const result = await postToEndpoint(
    validationUrl(url, token),
    { body: '', contentType: 'text/plain; charset=utf-8', timeoutMs: options.timeoutMs },
    new AbortController().signal,
  );
  const isTextPlain = (result.contentType ?? '').toLowerCase().startsWith('text/plain');
  const ok = result.status === 200 && isTextPlain && result.text === token;
  options.deliveries.add({
    id: randomUUID(),
    batchId: randomUUID(),
    kind: 'validation',
    url,
    attempt: 1,
    outcome: ok ? 'delivered' : 'failed',
    status: result.status,
    error: result.error,
    durationMs: result.durationMs,
    at: new Date().toISOString(),
    subscriptionIds: [],
    body: undefined,
  });
  if (ok) {
    return { ok: true };
  }
  if (result.error === 'timeout') {
    return { ok: false, message: 'Subscription validation request timed out.' };
  }
  if (result.status !== 200) {
    return {
      ok: false,
      message: `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request. (got ${result.status ?? result.error ?? 'no response'})`,
    };
  }
  return {
    ok: false,
    message: isTextPlain
      ? 'Subscription validation request failed. Response must exactly match validationToken query parameter.'
      : 'Subscription validation request failed. Response must have Content-Type text/plain.',
  };
}
