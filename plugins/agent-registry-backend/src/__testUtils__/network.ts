import net from 'node:net';
import type { Response } from 'superagent';

/** A port nobody listens on now (for listeners whose port must be known before they start). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A supertest parser that keeps the body as text (server-sent events, for one). */
export function asText(
  res: Response,
  done: (error: Error | null, body: string) => void,
) {
  let text = '';
  res.on('data', (chunk: Buffer) => (text += chunk.toString()));
  res.on('end', () => done(null, text));
}
