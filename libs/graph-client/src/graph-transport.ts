import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

import type { HttpsTransport } from '@callrecords/service-kit';

// The SDK types these with DOM types (RequestInfo, RequestInit) that Node's lib does not declare.
interface SdkRequestOptions {
  readonly method?: string;
  readonly headers?: ConstructorParameters<typeof Headers>[0];
  readonly body?: unknown;
}

/** The last link of the Graph SDK's middleware chain: sends the request over our CA-aware transport. */
export class GraphTransportHandler implements Middleware {
  constructor(private readonly transport: HttpsTransport) {}

  async execute(context: Context): Promise<void> {
    const request = context.request as unknown as string | { readonly url: string };
    const options = context.options as unknown as SdkRequestOptions | undefined;
    const headers: Record<string, string> = {};
    new Headers(options?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    context.response = await this.transport.send({
      method: options?.method ?? 'GET',
      url: typeof request === 'string' ? request : request.url,
      headers,
      body: typeof options?.body === 'string' ? options.body : undefined,
    });
  }
}
