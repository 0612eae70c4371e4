export interface Config {
  agentRegistry?: {
    /** Demo mode: seed demo agents, customers and access records into an empty registry. */
    demo?: {
      seed?: boolean;
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
