import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

import type { HttpsTransport } from '@callrecords/service-kit';

// MSAL's network module over our transport, so MSAL trusts the configured CA
// (libs/graph-client/README.md, "Local authority") without any process-wide setting.

export class MsalNetworkClient implements INetworkModule {
  constructor(private readonly transport: HttpsTransport) {}

  sendGetRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(
    method: string,
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    const response = await this.transport.send({
      method,
      url,
      headers: options?.headers,
      body: options?.body,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { headers, body: (await response.json()) as T, status: response.status };
  }
}
