import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { supportAssistantFlow } from './sampleFlows';

const BIN = resolve(__dirname, '../bin/langflow-simulator.js');

/** Starts the CLI and resolves with its URL once it prints the listening line. */
function startCli(args: string[]): Promise<{
  child: ChildProcess;
  url: string;
  output: () => string;
  closed: Promise<unknown>;
}> {
  const child = spawn(process.execPath, [BIN, ...args]);
  // 'close', not 'exit': the child's pipes are handles of this Jest worker too.
  const closed = new Promise(done => child.once('close', done));
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`CLI did not start:\n${output}`)),
      20000,
    );
    child.stderr?.on('data', chunk => {
      output += chunk;
    });
    child.stdout?.on('data', chunk => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({
          child,
          url: match[1],
          output: () => output,
          closed,
        });
      }
    });
    child.on('exit', code => {
      // A pending timer would keep the Jest worker alive for its 20 s after the suite.
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}:\n${output}`));
    });
  });
}

describe('bin/langflow-simulator.js', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'langflow-simulator-'));
    writeFileSync(
      join(dir, 'support.json'),
      JSON.stringify({ ...supportAssistantFlow, endpoint_name: 'from-file' }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves sample flows and flows from a directory, with the given key', async () => {
    const { child, url, output, closed } = await startCli([
      '--port',
      '0',
      '--api-key',
      'sk-cli',
      '--flows',
      dir,
      '--verbose',
    ]);
    try {
      expect(output()).toContain('Langflow API simulator (NOT Langflow)');
      for (const flow of ['basic-prompting', 'from-file']) {
        const res = await fetch(`${url}/api/v1/run/${flow}`, {
          method: 'POST',
          headers: { 'x-api-key': 'sk-cli' },
          body: JSON.stringify({ input_value: 'hi' }),
        });
        expect(res.status).toBe(200);
      }
      const denied = await fetch(`${url}/api/v1/run/basic-prompting`, {
        method: 'POST',
      });
      expect(denied.status).toBe(403);
    } finally {
      child.kill('SIGTERM');
      await closed;
    }
    expect(output()).toContain('POST /api/v1/run/from-file -> 200 success');
  });

  it('rejects bad numbers with usage help', async () => {
    await expect(startCli(['--port', 'abc'])).rejects.toThrow(
      /exited with 2[\s\S]*--port must be a number/,
    );
  });
});
