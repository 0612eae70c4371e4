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
