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

/** Where a proxy forwards to. */
export interface TcpTarget {
  readonly host: string;
  readonly port: number;
}

/**
 * Forwards 127.0.0.1:<port> to `target`. Used to cut a service off OpenSearch (or any HTTP/TCP peer)
 * without stopping the shared node other tests use. `target` may be a function, asked on each
 * connection: for a peer whose address is known only later (a Kubernetes Service's cluster IP).
 */
export async function startTcpProxy(
  target: TcpTarget | (() => Promise<TcpTarget>),
): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const makeServer = (): Server =>
    createServer((client) => {
      track(client);
      client.pause();
      let upstream: Socket | undefined;
      client.on('error', () => upstream?.destroy());
      const resolved = typeof target === 'function' ? target() : Promise.resolve(target);
      resolved.then(
        (to) => {
          upstream = createConnection(to);
          track(upstream);
          upstream.on('error', () => client.destroy());
          client.pipe(upstream).pipe(client);
          client.resume();
        },
        () => client.destroy(),
      );
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
