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

/** Components a sample is charged to: the first one found walking up from the leaf frame. */
const COMPONENTS: [RegExp, string][] = [
  [
    /^(knex|pg|pg-protocol|pg-pool|pg-types|postgres-date|tarn|better-sqlite3)$|^agent-registry database\//,
    'database (knex, driver, stores)',
  ],
  [
    /^(undici|@datastax\/langflow-client)$|^agent-registry runtime\//,
    'upstream call to Langflow (fetch/undici, langflow-client)',
  ],
  [
    /^(winston|logform|triple-beam|safe-stable-stringify)$/,
    'logging (winston)',
  ],
  [
    /^(express-openapi-validator|ajv|ajv-formats|@backstage\/backend-openapi-utils)$/,
    'OpenAPI request validation',
  ],
  [
    /^(express|express-promise-router|body-parser|raw-body|path-to-regexp|router|helmet|cors|compression|on-finished|on-headers|finalhandler|send|content-type|type-is|qs|@backstage\/backend-defaults|@backstage\/backend-app-api)$|^node:_http_/,
    'HTTP server, express and Backstage middleware',
  ],
  [/^agent-registry /, 'agent-registry code (gateway, keys, ...)'],
];

/** Native socket writes; V8 samples wall-clock time, see the note printed with the table. */
const SOCKET_WRITES = new Set([
  'writev',
  'writeBuffer',
  'writeUtf8String',
  'writeLatin1String',
  'writeAsciiString',
  'writeUcs2String',
]);

function componentOf(area: string): string | undefined {
  if (area === '(garbage collector)') return area;
  if (area.startsWith('(idle')) return area;
  return COMPONENTS.find(([re]) => re.test(area))?.[1];
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
  const components = new Map<string, number>();
  const componentCache = new Map<number, string>();
  const componentOfNode = (id: number, leaf = true): string => {
    const cached = componentCache.get(id);
    if (cached) return cached;
    const { callFrame } = byId.get(id)!;
    const up = parent.get(id);
    const result =
      (leaf && !callFrame.url && SOCKET_WRITES.has(callFrame.functionName)
        ? 'socket write syscalls (see note)'
        : undefined) ??
      componentOf(areaOf(callFrame.url, callFrame.functionName)) ??
      (up === undefined
        ? 'other (Node.js internals, event loop, unattributed)'
        : componentOfNode(up, false));
    if (!leaf) componentCache.set(id, result);
    return result;
  };
  const socketWriters = new Map<string, number>();
  for (const [id, us] of self) {
    const component = componentOfNode(id);
    components.set(component, (components.get(component) ?? 0) + us);
    if (component.startsWith('socket write')) {
      const up = parent.get(id);
      const writer = up === undefined ? 'unknown' : componentOfNode(up, false);
      socketWriters.set(writer, (socketWriters.get(writer) ?? 0) + us);
    }
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
    'time by component (a sample counts for the nearest component up its stack):',
    table([['component', 'time', 'share'], ...rank(components)]),
    'note: V8 samples wall-clock time. When CPUs are oversubscribed (they are here), a process that wakes',
    'another one with a socket write is often descheduled inside that syscall, so "socket write syscalls"',
    `is mostly waiting for a CPU, not CPU used. Its callers, by share: ${[
      ...socketWriters.entries(),
    ]
      .sort((a, b) => b[1] - a[1])
      .map(([c, us]) => `${c} ${pct(us)}`)
      .join(', ')}`,
    '',
    'self time by area (package, registry source file, or Node.js internals):',
    table([['area', 'self', 'share'], ...rank(areas)]),
    '',
    'self time by function:',
    table([['function', 'self', 'share'], ...rank(functions)]),
  ].join('\n');
}
