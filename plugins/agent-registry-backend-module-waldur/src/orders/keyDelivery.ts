import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AgentAccess } from '@cmp/plugin-agent-registry-common';
import type { WaldurReportSection, WaldurResource } from '../client/types';
import type { WaldurClient } from '../client/WaldurClient';
import { KEY_REPORT_HEADER } from '../publish/offeringSpec';
import type { ConnectorRegistryApi } from '../registryApi';

/** A step that cannot finish yet; the order is left for a later run. */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
}

/**
 * How the first API key reaches the buyer: as a section of the Waldur resource's report
 * (`submit_report`), which HomePort shows on the resource page behind "Show report" to
 * the buyer's organisation, and which the offering's getting-started text points to.
 *
 * Why the report: it is a documented provider → buyer channel of Waldur 8.0.5 that needs
 * no HomePort change. The resource's `backend_metadata` is rendered through a fixed
 * serializer (state, runtime_state, action, instance_name), so extra keys never reach the
 * buyer, and it is copied into event contexts (and web hooks); resource API keys with an
 * audited "reveal" would be better but are newer than 8.0.5.
 *
 * The key is written before the resource gets its backend id and the order is completed,
 * so a crash in between is seen on the next run: the report has no key although the access
 * exists. The registry returns the secret only once; if it offers `reissueFirstKey` a new
 * key is issued (once the access is older than `reissueAfterMs`, so a concurrent delivery
 * by another process is not undone), otherwise the buyer is told to create a key.
 */
export class KeyDelivery {
  constructor(
    private readonly options: {
      client: WaldurClient;
      logger: LoggerService;
      now?: () => Date;
      reissueAfterMs?: number;
    },
  ) {}

  static hasKey(resource: Pick<WaldurResource, 'report'>): boolean {
    return (resource.report ?? []).some(
      section => section.header === KEY_REPORT_HEADER,
    );
  }

  static report(
    key: { id: string; secret: string },
    access: AgentAccess,
  ): WaldurReportSection[] {
    return [
      {
        header: KEY_REPORT_HEADER,
        body: [
          key.secret,
          '',
          `Send it as "Authorization: Bearer <key>". Key id ${key.id}, access ${access.id}.`,
          'Anyone who can see this resource can read this key: rotate it in the Agent Registry once you have stored it safely.',
        ].join('\n'),
      },
    ];
  }

  async deliver(
    registry: ConnectorRegistryApi,
    resource: WaldurResource,
    result: { access: AgentAccess; firstKey?: { id: string; secret: string } },
  ): Promise<'delivered' | 'already' | 'reissued'> {
    const { client, logger } = this.options;
    const uuid = resource.uuid!;
    if (result.firstKey) {
      await client.submitResourceReport(
        uuid,
        KeyDelivery.report(result.firstKey, result.access),
      );
      return 'delivered';
    }
    if (KeyDelivery.hasKey(resource)) return 'already';
    const now = (this.options.now ?? (() => new Date()))().getTime();
    const age = now - Date.parse(result.access.createdAt);
    if (age < (this.options.reissueAfterMs ?? 120_000)) {
      throw new RetryLaterError(
        `Access ${result.access.id} has no delivered key yet; waiting before reissuing it`,
      );
    }
    const key = await registry.reissueFirstKey(uuid);
    await client.submitResourceReport(
      uuid,
      KeyDelivery.report(key, result.access),
    );
    logger.info(
      `Reissued the first API key of access ${result.access.id} (Waldur resource ${uuid})`,
    );
    return 'reissued';
  }
}
