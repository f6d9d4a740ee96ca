import type { AlertCandidate } from '../domain/alert-rules';

export interface WebhookOptions {
  readonly url: string;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  /** Delay before attempt n+1 (default 250 ms × 2^(n-1)); tests pass 0. */
  readonly backoffMs?: (attempt: number) => number;
}

export type WebhookResult =
  | { readonly delivered: true; readonly attempts: number }
  | { readonly delivered: false; readonly attempts: number; readonly reason: string };

/** A Teams incoming-webhook message (legacy MessageCard: accepted by Teams and by Workflows). */
export function toWebhookMessage(alert: AlertCandidate): Record<string, unknown> {
  const facts = Object.entries(alert.details).map(([name, value]) => ({
    name,
    value: String(value),
  }));
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: `${alert.rule}: ${alert.key}`,
    themeColor: alert.severity === 'critical' ? 'C50F1F' : 'F7630C',
    title: `[${alert.severity}] ${alert.rule}`,
    text: `${alert.key} — tenant ${alert.tenantId}, ${alert.window.start} to ${alert.window.end}`,
    sections: [{ facts: [{ name: 'dedupeKey', value: alert.dedupeKey }, ...facts] }],
  };
}

/**
 * POSTs one alert, retrying network errors, 408, 429 and 5xx with exponential backoff; other 4xx
 * are final (the URL or payload is wrong: retrying cannot help). Never throws.
 */
export async function postAlert(
  alert: AlertCandidate,
  options: WebhookOptions,
): Promise<WebhookResult> {
  const backoff = options.backoffMs ?? ((attempt: number) => 250 * 2 ** (attempt - 1));
  let reason = 'not attempted';
  for (let attempt = 1; attempt <= options.maxAttempts; attempt += 1) {
    const outcome = await postOnce(alert, options);
    if (outcome === 'ok') {
      return { delivered: true, attempts: attempt };
    }
    reason = outcome.reason;
    if (!outcome.retryable || attempt === options.maxAttempts) {
      return { delivered: false, attempts: attempt, reason };
    }
    await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
  }
  return { delivered: false, attempts: options.maxAttempts, reason };
}

async function postOnce(
  alert: AlertCandidate,
  options: WebhookOptions,
): Promise<'ok' | { retryable: boolean; reason: string }> {
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(toWebhookMessage(alert)),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) {
      return 'ok';
    }
    const status = response.status;
    return {
      retryable: status === 408 || status === 429 || status >= 500,
      reason: `status ${status}`,
    };
  } catch (error) {
    return { retryable: true, reason: error instanceof Error ? error.name : 'network error' };
  }
}
