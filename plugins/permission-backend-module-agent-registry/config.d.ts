export interface Config {
  agentRegistry?: {
    /**
     * Users and groups (entity refs) that administer the portal: they may do everything,
     * including acting on other owners' agents and deleting catalog locations.
     */
    admins?: string[];
  };
}
