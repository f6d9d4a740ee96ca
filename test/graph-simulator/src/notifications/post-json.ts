// One webhook POST with Graph's timeout. Redirects are not followed (Graph treats them as failures).

export interface PostOutcome {
  readonly status: number | undefined;
  readonly contentType: string | undefined;
  readonly text: string;
  readonly durationMs: number;
  readonly error: string | undefined;
}

export async function postToEndpoint(
  url: string,
  init: { readonly body: string; readonly contentType: string; readonly timeoutMs: number },
  abort: AbortSignal,
): Promise<PostOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': init.contentType },
      body: init.body,
      redirect: 'manual',
      signal: AbortSignal.any([abort, AbortSignal.timeout(init.timeoutMs)]),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? undefined,
      text,
      durationMs: performance.now() - started,
      error: undefined,
    };
  } catch (error) {
    // Abort reasons are DOMExceptions, which may come from another realm: read the name, not the class.
    const name = (error as { name?: unknown } | undefined)?.name;
    const message = (error as { message?: unknown } | undefined)?.message;
    return {
      status: undefined,
      contentType: undefined,
      text: '',
      durationMs: performance.now() - started,
      error:
        name === 'TimeoutError' ? 'timeout' : typeof message === 'string' ? message : String(error),
    };
  }
}
