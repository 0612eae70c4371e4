export interface Config {
  scaffolder?: {
    /** Settings of the Agent Registry scaffolder actions (`agents:*`). */
    agents?: {
      /**
       * Where buyers see an offering, with `{offeringId}` standing for the marketplace's
       * offering id, e.g. `https://homeport.example.com/marketplace-public-offering/{offeringId}/`.
       * Without it `agents:publish-marketplace` outputs the offering id but no link.
       * @visibility backend
       */
      offeringUrl?: string;
    };
  };
}
