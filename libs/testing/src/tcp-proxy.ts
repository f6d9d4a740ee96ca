import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/** A TCP forwarder whose link can be cut and restored: a network outage on demand. */
export interface TcpProxy {
  /** The port to connect to instead of the target's (127.0.0.1). */
  readonly port: number;
  /** Drops every open connection and refuses new ones (ECONNREFUSED) until `restore()`. */
  cut(): Promise<void>;
  /** Accepts and forwards connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(address && typeof address === 'object' ? address.port : port);
    });
  });
}

/**
 * Forwards 127.0.0.1:<port> to `target`. Used to cut a service off OpenSearch (or any HTTP/TCP peer)
 * without stopping the shared node other tests use.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const makeServer = (): Server =>
    createServer((client) => {
      const upstream = createConnection(target);
      track(client);
      track(upstream);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
  let server = makeServer();
  const port = await listen(server, 0);
  const dropAll = async (): Promise<void> => {
    for (const socket of sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port,
    cut: dropAll,
    restore: async () => {
      server = makeServer();
      await listen(server, port);
    },
    close: async () => {
      if (server.listening) {
        await dropAll();
      }
    },
  };
}
