import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { LowBalanceNotifier, WalletView } from './WalletService';

/** Sends the low-balance notice through Backstage notifications to the tenant's members. */
export class NotificationsLowBalanceNotifier implements LowBalanceNotifier {
  constructor(private readonly notifications: NotificationService) {}

  async notify(
    tenant: { id: string; name: string; members: string[] },
    wallet: WalletView,
  ): Promise<void> {
    if (!tenant.members.length) return;
    await this.notifications.send({
      recipients: { type: 'entity', entityRef: tenant.members },
      payload: {
        title: `${tenant.name}: agent credit is running low`,
        description: `The prepaid credit is ${wallet.balance} ${wallet.currency}, below ${wallet.lowBalance} ${wallet.currency}. Top up to keep pay-per-use agents answering.`,
        severity: 'high',
        topic: 'agent-registry-low-balance',
        scope: `agent-registry:wallet:${tenant.id}`,
      },
    });
  }
}
