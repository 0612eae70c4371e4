import { Deliveries } from './hooks';
import type { EventRecord, HookRecord } from './store';
import { Store } from './store';

/** What every handler and domain function works on: the world and its side effects. */
export class Simulation {
  readonly deliveries: Deliveries;

  constructor(readonly store: Store, readonly log: (line: string) => void) {
    this.deliveries = new Deliveries(store, log);
  }

  deliverWebhook(hook: HookRecord, event: EventRecord): void {
    this.deliveries.webhook(hook, event);
  }

  orderCallback(url: string, orderUuid: string): void {
    this.deliveries.orderCallback(url, orderUuid);
  }
}
