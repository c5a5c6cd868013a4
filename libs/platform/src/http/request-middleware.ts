import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export type RawMiddleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;
type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Runs `middleware` on every request of `server` before the listeners it has now (the application's
 * own: Express, and Nest's routing behind it); they run only when it calls `next`. Call it once the
 * server exists and before it listens; each call goes in front of the previous ones.
 */
export function inFrontOfServer(server: Server, middleware: RawMiddleware): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) =>
    middleware(request, response, () => {
      for (const listener of listeners) listener.call(server, request, response);
    }),
  );
}
