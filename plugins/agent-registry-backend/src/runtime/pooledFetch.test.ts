import { getEventListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPooledFetch } from './pooledFetch';

/** The pooled fetch against a plain HTTP server that answers in timed chunks. */
describe('createPooledFetch', () => {
  let server: http.Server;
  let base: string;
  let pooled: ReturnType<typeof createPooledFetch>;
  /** Writes of the current answer, each after its pause. */
  let script: { pauseMs: number; text: string }[];
  let closedEarly: Promise<void>;
  let requests = 0;

  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      requests++;
      let closed!: () => void;
      closedEarly = new Promise(resolve => (closed = resolve));
      // A client gone ends the pauses too, so that no timer outlives the tests.
      const gone = new AbortController();
      res.on('close', () => {
        gone.abort();
        if (!res.writableFinished) closed();
      });
      for await (const _ of req);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      try {
        for (const { pauseMs, text } of script) {
          await sleep(pauseMs, undefined, { signal: gone.signal });
          res.write(text);
        }
        res.end();
      } catch {
        // the client went away
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    pooled = createPooledFetch({ timeoutMs: 500 });
  });
  afterEach(() => pooled.close());
  afterAll(() => new Promise(resolve => server.close(resolve)));

  /** An answer whose first write comes at once and the rest only after the tests' limits. */
  const stallingAfter = (first: string) => [
    { pauseMs: 0, text: first },
    { pauseMs: 2000, text: 'the rest' },
  ];

  const post = (signal?: AbortSignal) =>
    pooled.fetch(`${base}/api/v1/run/flow?stream=false`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"input_value":"hi"}',
      signal,
    });

  it('reads an answer sent in several chunks whole', async () => {
    script = [
      { pauseMs: 0, text: '{"outputs":' },
      { pauseMs: 30, text: '[{"text":"hello' },
      { pauseMs: 30, text: ' world"}]}' },
    ];
    const response = await post();
    expect(response).toMatchObject({ ok: true, status: 200, statusText: 'OK' });
    expect(await response.json()).toEqual({
      outputs: [{ text: 'hello world' }],
    });
  });

  it('hands on a streamed body chunk by chunk, as it arrives', async () => {
    script = [
      { pauseMs: 0, text: 'first\n' },
      { pauseMs: 100, text: 'second\n' },
    ];
    const response = await post();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const started = Date.now();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe('first\n');
    // The first chunk came before the server sent the second.
    expect(Date.now() - started).toBeLessThan(90);
    let rest = '';
    for (let next = await reader.read(); !next.done; next = await reader.read())
      rest += decoder.decode(next.value);
    expect(rest).toBe('second\n');
  });

  it('gives a caller going away its reason, and ends the exchange', async () => {
    script = stallingAfter('{"partial":');
    const controller = new AbortController();
    const response = await post(controller.signal);
    const reading = response.json();
    controller.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    await closedEarly;
  });

  it('never sends a call cancelled while it waits for a connection', async () => {
    script = [{ pauseMs: 200, text: '{}' }];
    const single = createPooledFetch({ timeoutMs: 1000, connections: 1 });
    try {
      const call = (signal?: AbortSignal) =>
        single.fetch(`${base}/api/v1/run/flow`, { method: 'POST', signal });
      requests = 0;
      const first = call();
      const controller = new AbortController();
      const second = call(controller.signal);
      setTimeout(() => controller.abort(), 50);
      await expect(second).rejects.toMatchObject({ name: 'AbortError' });
      await (await first).json();
      await sleep(100);
      expect(requests).toBe(1);
    } finally {
      await single.close();
    }
  });

  it('times out between chunks of a body', async () => {
    script = stallingAfter('{"partial":');
    const response = await post();
    await expect(response.text()).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });

  it('closes the exchange when the reader of a stream cancels it', async () => {
    script = stallingAfter('first\n');
    const response = await post();
    const reader = response.body.getReader();
    await reader.read();
    await reader.cancel();
    await expect(closedEarly).resolves.toBeUndefined();
  });

  it('stops reading a streamed body while its reader does not keep up', async () => {
    const total = 64 * 1024 * 1024;
    let written = 0;
    const flood = http.createServer((_req, res) => {
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const write = () => {
        while (written < total) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', write);
            return;
          }
        }
        res.end();
      };
      write();
    });
    await new Promise<void>(resolve => flood.listen(0, '127.0.0.1', resolve));
    const { port } = flood.address() as AddressInfo;
    try {
      const response = await pooled.fetch(`http://127.0.0.1:${port}/`, {});
      const reader = response.body.getReader();
      await reader.read();
      await sleep(300);
      // Only what the sockets' buffers hold has left the server.
      expect(written).toBeLessThan(total / 2);
      await reader.cancel();
    } finally {
      flood.closeAllConnections();
      await new Promise(resolve => flood.close(resolve));
    }
  });

  it('leaves no listener on a signal shared by calls one after another', async () => {
    script = [{ pauseMs: 0, text: '{}' }];
    const connection = new AbortController();
    for (let i = 0; i < 20; i++) await (await post(connection.signal)).json();
    expect(getEventListeners(connection.signal, 'abort')).toHaveLength(0);
  });

  it('fails as fetch does when nothing listens', async () => {
    const unused = http.createServer();
    await new Promise<void>(resolve => unused.listen(0, '127.0.0.1', resolve));
    const { port } = unused.address() as AddressInfo;
    await new Promise(resolve => unused.close(resolve));
    const error = await pooled
      .fetch(`http://127.0.0.1:${port}/api/v1/run/flow`, { method: 'POST' })
      .catch(e => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/^fetch failed: .*ECONNREFUSED/);
  });
});
