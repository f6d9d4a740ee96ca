import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A webhook endpoint for tests, on 127.0.0.1:0: answers Graph's validation handshake by echoing the token
// and acknowledges notifications with 202, unless the test says otherwise. Records everything it gets.

export interface ReceivedRequest {
  readonly path: string;
  readonly validationToken: string | null;
  readonly contentType: string | undefined;
  readonly body: string;
}

export type Answer =
  | { readonly status: number; readonly body?: string; readonly contentType?: string }
  | 'echo-token'
  | 'hang';

export interface WebhookReceiver {
  /** Base URL; paths under it are free (`${url}/notifications`, `${url}/lifecycle`). */
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Every notification object received (the items of each POSTed `value`). */
  notifications(): Array<Record<string, unknown>>;
  /** Decides the answer to each request; the default echoes tokens and answers 202. */
  answerWith(decide: (request: ReceivedRequest) => Answer): void;
  close(): Promise<void>;
}

function defaultAnswer(request: ReceivedRequest): Answer {
  return request.validationToken !== null ? 'echo-token' : { status: 202 };
}

function reply(res: ServerResponse, request: ReceivedRequest, answer: Answer): void {
  if (answer === 'hang') {
    return;
  }
  if (answer === 'echo-token') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(request.validationToken ?? '');
    return;
  }
  res
    .writeHead(answer.status, answer.contentType ? { 'content-type': answer.contentType } : {})
    .end(answer.body ?? '');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  let decide = defaultAnswer;
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: ReceivedRequest = {
        path: url.pathname,
        validationToken: url.searchParams.get('validationToken'),
        contentType: req.headers['content-type'],
        body,
      };
      received.push(request);
      reply(res, request, decide(request));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    notifications: () =>
      received
        .filter((request) => request.validationToken === null && request.body.length > 0)
        .flatMap(
          (request) =>
            (JSON.parse(request.body) as { value: Array<Record<string, unknown>> }).value,
        ),
    answerWith: (next) => {
      decide = next;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
