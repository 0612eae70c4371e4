/*
 * Small helpers shared by the benchmark scripts: arguments, percentiles, memory
 * samples, the machine description and table formatting.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** `--key=value`, `--key value` and `--flag` arguments. */
export function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0) {
      args.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      args.set(arg.slice(2), argv[++i]);
    } else {
      args.set(arg.slice(2), 'true');
    }
  }
  return args;
}

export function numberArg(
  args: Map<string, string>,
  name: string,
  fallback: number,
): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number`);
  return value;
}

/** Percentile (0..100) of the first `count` values, which are sorted in place. */
export function percentiles(
  values: Float64Array,
  count: number,
  ps: number[],
): number[] {
  const view = values.subarray(0, count);
  view.sort();
  return ps.map(p => {
    if (!count) return NaN;
    const rank = Math.ceil((p / 100) * count) - 1;
    return view[Math.min(count - 1, Math.max(0, rank))];
  });
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Least-squares slope of y over x. */
export function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : 0;
}

/** A plain text table with right-aligned columns (except the first). */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) =>
    Math.max(...rows.map(r => (r[c] ?? '').length)),
  );
  return rows
    .map((r, i) => {
      const line = r
        .map((cell, c) =>
          c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]),
        )
        .join('  ');
      return i === 0
        ? `${line}\n${widths.map(w => '-'.repeat(w)).join('  ')}`
        : line;
    })
    .join('\n');
}

/** Where and when the numbers were taken. */
export function describeMachine(): string {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // not a git checkout
  }
  return [
    `date:     ${new Date().toISOString()}`,
    `machine:  ${os.availableParallelism()} cores (${
      cpus[0]?.model ?? 'unknown CPU'
    }), ${mb(os.totalmem())} RAM, ${os.platform()} ${os.release()}`,
    `node:     ${process.version}`,
    `load:     ${os
      .loadavg()
      .map(l => l.toFixed(2))
      .join(
        ' ',
      )} (1/5/15-min load average before the run; other work on the machine skews results)`,
    `commit:   ${commit} (plus uncommitted changes, if any)`,
  ].join('\n');
}

/** A deterministic pseudo-random generator (mulberry32), so runs are repeatable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * CPU time of the whole machine so far, in ms (Linux /proc/stat). `stealMs` is time a
 * vCPU wanted to run but the hypervisor ran another guest; it is not counted as busy.
 */
export function machineCpu():
  | { busyMs: number; stealMs: number; totalMs: number }
  | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal ...
    const idle = ticks[3] + (ticks[4] ?? 0);
    const steal = ticks[7] ?? 0;
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    const msPerTick = 1000 / 100; // USER_HZ is 100 on Linux
    return {
      busyMs: (total - idle - steal) * msPerTick,
      stealMs: steal * msPerTick,
      totalMs: total * msPerTick,
    };
  } catch {
    return undefined;
  }
}
