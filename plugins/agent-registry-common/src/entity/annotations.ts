/** Annotations the Agent Registry reads and writes on catalog entities. */

/** The registry's id of the agent an entity stands for. */
export const ANNOTATION_AGENT_ID = 'cmp.digitlify.com/agent-id';
/** The Waldur offering the agent is sold as (a 32-hex-digit UUID). */
export const ANNOTATION_WALDUR_OFFERING_UUID =
  'cmp.digitlify.com/waldur-offering-uuid';
/** The agent's default (latest published) version. */
export const ANNOTATION_AGENT_VERSION = 'cmp.digitlify.com/version';
