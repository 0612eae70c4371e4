import type { AgentRuntime } from '@cmp/plugin-agent-registry-node';

/** The runtimes the gateway can run agents on, by `spec.runtime.type`. */
export class RuntimeRegistry {
  private readonly runtimes = new Map<string, AgentRuntime>();

  add(runtime: AgentRuntime): void {
    if (this.runtimes.has(runtime.type)) {
      throw new Error(`A runtime for "${runtime.type}" is already registered`);
    }
    this.runtimes.set(runtime.type, runtime);
  }

  get(type: string): AgentRuntime | undefined {
    return this.runtimes.get(type);
  }
}
