/*
 * Child processes of the benchmark (simulator, bare proxy, Backstage backend): TypeScript
 * through Backstage's dev-time transform, output to a log file, a small request/reply
 * protocol over the IPC channel.
 */
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type Child = {
  name: string;
  process: ChildProcess;
  logFile: string;
  /** Sends a message and waits for the reply with the same id. */
  call<T = any>(
    message: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<T>;
  /** Waits for a message of the given type (e.g. `ready`). */
  waitFor<T = any>(type: string, timeoutMs: number): Promise<T>;
  stop(): Promise<void>;
};

const TRANSFORM = require.resolve('@backstage/cli/config/nodeTransform.cjs');
/** Backstage finds its packages from the working directory: run children in the repo. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

export function startChild(options: {
  name: string;
  script: string;
  args?: string[];
  env?: Record<string, string>;
  logDir: string;
  execArgv?: string[];
}): Child {
  const logFile = path.join(options.logDir, `${options.name}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = fork(options.script, options.args ?? [], {
    execArgv: ['-r', TRANSFORM, ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
    cwd: REPO_ROOT,
    stdio: ['ignore', log, log, 'ipc'],
  });
  fs.closeSync(log);
  let nextId = 1;
  const pending = new Map<number, (message: any) => void>();
  const waiters = new Map<string, (message: any) => void>();
  const early = new Map<string, any>();
  child.on('message', (message: any) => {
    if (message?.replyTo && pending.has(message.replyTo)) {
      pending.get(message.replyTo)!(message);
      pending.delete(message.replyTo);
    } else if (message?.type) {
      const waiter = waiters.get(message.type);
      if (waiter) {
        waiters.delete(message.type);
        waiter(message);
      } else {
        early.set(message.type, message);
      }
    }
  });
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );
  const failure = (what: string) =>
    new Error(
      `${options.name} ${what}; last lines of ${logFile}:\n${tail(logFile)}`,
    );

  return {
    name: options.name,
    process: child,
    logFile,
    call(message, timeoutMs = 60_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(failure(`did not answer ${JSON.stringify(message.type)}`));
        }, timeoutMs);
        pending.set(id, reply => {
          clearTimeout(timer);
          if (reply.error) reject(new Error(`${options.name}: ${reply.error}`));
          else resolve(reply);
        });
        child.send({ ...message, id });
      });
    },
    waitFor(type, timeoutMs) {
      if (early.has(type)) {
        const message = early.get(type);
        early.delete(type);
        return Promise.resolve(message);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(failure(`did not send "${type}" in ${timeoutMs} ms`)),
          timeoutMs,
        );
        exited.then(code => {
          clearTimeout(timer);
          reject(failure(`exited with code ${code} before "${type}"`));
        });
        waiters.set(type, message => {
          clearTimeout(timer);
          resolve(message);
        });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Answers `{ id, type }` requests from the parent in a child process. */
export function serveParent(
  handlers: Record<string, (message: any) => unknown | Promise<unknown>>,
) {
  process.on('message', async (message: any) => {
    const handler = handlers[message?.type];
    if (!handler) return;
    try {
      const result = (await handler(message)) ?? {};
      process.send?.({ replyTo: message.id, ...(result as object) });
    } catch (error) {
      process.send?.({
        replyTo: message.id,
        error: (error as Error).stack ?? String(error),
      });
    }
  });
  // The parent went away (e.g. Ctrl-C): do not linger.
  process.on('disconnect', () => process.exit(0));
}
