/*
 * Memory of the process that runs this code: peaks sampled from process.memoryUsage()
 * and the kernel's lifetime peak RSS (getrusage ru_maxrss), plus CPU time.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

export type MemoryReport = {
  /** Peak RSS since the last reset, sampled. */
  peakRss: number;
  peakHeapUsed: number;
  peakHeapTotal: number;
  peakExternal: number;
  /** The kernel's peak RSS over the whole process lifetime (includes start-up). */
  lifetimeMaxRss: number;
  current: NodeJS.MemoryUsage;
  samples: number;
  /** CPU time (user + system) of the process since the last reset, in ms. */
  cpuMs: number;
  /** The system (kernel) part of it. */
  cpuSystemMs: number;
  /** After a forced full GC at the time of the report: what is actually retained. */
  afterGc: { heapUsed: number; rss: number };
  /** Wall time since the last reset, in ms. */
  wallMs: number;
};

export class MemorySampler {
  private peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
  private samples = 0;
  private cpuAtReset = process.cpuUsage();
  private wallAtReset = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 100) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): NodeJS.MemoryUsage {
    const m = process.memoryUsage();
    this.samples++;
    this.peak.rss = Math.max(this.peak.rss, m.rss);
    this.peak.heapUsed = Math.max(this.peak.heapUsed, m.heapUsed);
    this.peak.heapTotal = Math.max(this.peak.heapTotal, m.heapTotal);
    this.peak.external = Math.max(this.peak.external, m.external);
    return m;
  }

  reset() {
    this.peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
    this.samples = 0;
    this.cpuAtReset = process.cpuUsage();
    this.wallAtReset = performance.now();
    this.sample();
  }

  report(): MemoryReport {
    const current = this.sample();
    const cpu = process.cpuUsage(this.cpuAtReset);
    collectGarbage();
    const afterGc = process.memoryUsage();
    return {
      afterGc: { heapUsed: afterGc.heapUsed, rss: afterGc.rss },
      cpuMs: (cpu.user + cpu.system) / 1000,
      cpuSystemMs: cpu.system / 1000,
      wallMs: performance.now() - this.wallAtReset,
      peakRss: this.peak.rss,
      peakHeapUsed: this.peak.heapUsed,
      peakHeapTotal: this.peak.heapTotal,
      peakExternal: this.peak.external,
      lifetimeMaxRss: process.resourceUsage().maxRSS * 1024,
      current,
      samples: this.samples,
    };
  }

  stop() {
    clearInterval(this.timer);
  }
}

let gc: (() => void) | undefined;

/** A full garbage collection (exposes V8's gc() on first use, without a node flag). */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
