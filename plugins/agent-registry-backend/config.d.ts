export interface Config {
  agentRegistry?: {
    /** Demo mode: seed demo agents, customers and access records into an empty registry. */
    demo?: {
      seed?: boolean;
    };
    runtimes?: {
      /** The Langflow server that runs agents' flows (the run API). */
      langflow?: {
        baseUrl: string;
        /** @visibility secret */
        apiKey?: string;
        /** Per-call timeout (default 60). */
        timeoutSeconds?: number;
      };
    };
    gateway?: {
      /**
       * The gateway's own listener for the key-authenticated entrances (invoke,
       * OpenAI-compatible, per-agent MCP), at the same paths as under the backend
       * (`/api/agent-registry/v1/runtime/...`, `/api/agent-registry/v1/mcp/...`), without
       * Backstage's per-request middleware. Off unless a port is set; the entrances stay
       * on the backend either way.
       */
      listen?: {
        /** The port (0 picks a free one). */
        port: number;
        /** The interface to bind (default: all). */
        host?: string;
      };
    };
    api?: {
      /** Check every answer against the OpenAPI document (tests and development). */
      validateResponses?: boolean;
    };
    catalogAdoption?: {
      /** How often Agent entities declared in YAML are adopted (seconds, default 60). */
      intervalSeconds?: number;
    };
  };
}
