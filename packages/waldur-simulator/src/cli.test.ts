import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

describe('bin/waldur-simulator.js', () => {
  it('starts the demo world on the requested port and prints URL and tokens', async () => {
    const child = spawn(
      process.execPath,
      [
        resolve(__dirname, '../bin/waldur-simulator.js'),
        '--port',
        '0',
        '--quiet',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Awaited at the end: a Jest worker that still holds the child or its pipes when the
    // suite ends has to be force-exited.
    const closed = new Promise(done => child.once('close', done));
    try {
      let output = '';
      await new Promise<void>((done, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`no startup output:\n${output}`)),
          20_000,
        );
        child.stdout.on('data', chunk => {
          output += chunk.toString();
          if (output.includes('demo users have the password')) {
            clearTimeout(timer);
            done();
          }
        });
        child.on('exit', code =>
          fail(new Error(`exited with ${code}:\n${output}`)),
        );
      });
      const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      const token = /"agent-registry": Token ([0-9a-f]{40})/.exec(output)?.[1];
      expect(output).toContain('NOT a real Waldur');
      const me = await fetch(`${url}/api/users/me/`, {
        headers: { Authorization: `Token ${token}` },
      });
      expect(me.status).toBe(200);
      expect((await me.json()).username).toBe('agent-registry');
      // The default seed keeps demo tokens stable across restarts.
      expect(token).toBe('b977ca3f63455098f0ce528597f699b285ab2e09');
    } finally {
      child.kill('SIGTERM');
      await closed;
    }
  }, 30_000);
});
