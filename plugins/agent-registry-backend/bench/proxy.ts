/*
 * Benchmark child: the baseline. A bare reverse proxy on plain node:http with a keep-alive
 * agent and no logic at all: every request is streamed to the upstream (the simulator)
 * unchanged, and the answer is streamed back.
 *
 *   proxy.ts <upstream origin>
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveParent } from './lib/children';
import { MemorySampler } from './lib/memory';

function main() {
  const upstream = new URL(process.argv[2]);
  const agent = new http.Agent({ keepAlive: true });
  const memory = new MemorySampler();

  const server = http.createServer((req, res) => {
    const forward = http.request(
      {
        agent,
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 60_000;

  server.listen(0, '127.0.0.1', () => {
    serveParent({
      'mem-reset': () => memory.reset(),
      'mem-report': () => ({ memory: memory.report() }),
    });
    process.on('SIGTERM', () => process.exit(0));
    process.send?.({
      type: 'ready',
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    });
  });
}

main();
