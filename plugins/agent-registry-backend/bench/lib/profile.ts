/*
 * Summarises a V8 CPU profile (.cpuprofile): self time by area (package or registry
 * source file) and by function.
 */
import fs from 'node:fs';
import { table } from './common';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};

type CpuProfile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

/** The package (or registry source file, or Node.js internals) a frame belongs to. */
function areaOf(url: string, name: string): string {
  if (!url) {
    if (name === '(garbage collector)') return '(garbage collector)';
    if (name === '(idle)') return '(idle: waiting for I/O)';
    if (name === '(program)') return '(program: V8/native, unattributed)';
    return '(native)';
  }
  const registry = /plugins\/agent-registry-backend\/src\/(.*)$/.exec(url);
  if (registry) return `agent-registry ${registry[1]}`;
  const workspace = /\/work\/main\/(plugins|packages)\/([^/]+)\//.exec(url);
  if (workspace) return `@cmp/${workspace[2]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(
    url.replace(/.*node_modules\//, 'node_modules/'),
  );
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) {
    const m = /^node:(?:internal\/)?([^/]+(?:\/[^/]+)?)/.exec(url);
    return `node:${m ? m[1] : url.slice(5)}`;
  }
  return url;
}

export function summarizeProfile(file: string, top = 20): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  // Samples inside the benchmark harness itself (starting the profiler) are left out.
  const harness = new Map<number, boolean>();
  const inHarness = (id: number): boolean => {
    if (harness.has(id)) return harness.get(id)!;
    const up = parent.get(id);
    const result =
      byId.get(id)!.callFrame.url.includes('/bench/') ||
      (up !== undefined && inHarness(up));
    harness.set(id, result);
    return result;
  };
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    if (inHarness(id)) continue;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  let idle = 0;
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id)!;
    const area = areaOf(callFrame.url, callFrame.functionName);
    if (callFrame.functionName === '(idle)') idle += us;
    areas.set(area, (areas.get(area) ?? 0) + us);
    const where = callFrame.url
      ? `${callFrame.url
          .replace(/^file:\/\//, '')
          .replace(/.*node_modules\//, '')
          .replace(/.*\/work\/main\//, '')}:${callFrame.lineNumber + 1}`
      : '';
    const fn = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1)}%`;
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .filter(([k]) => !k.startsWith('(idle'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => [k, `${(us / 1000).toFixed(0)} ms`, pct(us)]);
  return [
    `profile: ${(total / 1e6).toFixed(1)} s sampled, ${(
      (100 * busy) /
      total
    ).toFixed(
      0,
    )}% of it busy (the rest waiting for I/O); shares below are of the busy time`,
    '',
    'self time by area (package, registry source file, or Node.js internals):',
    table([['area', 'self', 'share'], ...rank(areas)]),
    '',
    'self time by function:',
    table([['function', 'self', 'share'], ...rank(functions)]),
  ].join('\n');
}
