// Injected faults, consumed one at a time by the push sender and the EWS endpoint.
export type DeliveryFault = { kind: 'fail' } | { kind: 'delay'; ms: number };

export interface FaultsSnapshot {
  failDeliveries: number;
  delayDeliveries: number;
  delayMs: number;
  serverBusy: number;
  backOffMs: number;
  /** Subscriptions whose next push is an error push, with its ResponseCode. */
  errorPushes: { subscriptionId: string; code: string }[];
}

export type Faults = ReturnType<typeof createFaults>;

type Counters = Omit<FaultsSnapshot, 'errorPushes'>;

export function createFaults() {
  const s: Counters = { failDeliveries: 0, delayDeliveries: 0, delayMs: 0, serverBusy: 0, backOffMs: 0 };
  const errorPushes = new Map<string, string>();
  return {
    failNextDeliveries(count: number): void {
      s.failDeliveries = count;
    },
    delayNextDeliveries(count: number, ms: number): void {
      s.delayDeliveries = count;
      s.delayMs = ms;
    },
    serverBusyNextCalls(count: number, backOffMs: number): void {
      s.serverBusy = count;
      s.backOffMs = backOffMs;
    },
    /** The fault for the next delivery attempt, if one is armed (failures win over delays). */
    takeDelivery(): DeliveryFault | undefined {
      if (s.failDeliveries > 0) {
        s.failDeliveries -= 1;
        return { kind: 'fail' };
      }
      if (s.delayDeliveries > 0) {
        s.delayDeliveries -= 1;
        return { kind: 'delay', ms: s.delayMs };
      }
      return undefined;
    },
    /** The subscription's next push becomes an error push with this ResponseCode. */
    errorPushNext(subscriptionId: string, code: string): void {
      errorPushes.set(subscriptionId, code);
    },
    /** The ResponseCode when this subscription's push is to be an error push (consumed). */
    takeErrorPush(subscriptionId: string): string | undefined {
      const code = errorPushes.get(subscriptionId);
      errorPushes.delete(subscriptionId);
      return code;
    },
    /** BackOffMilliseconds for this EWS call when it is to be throttled. */
    takeServerBusy(): number | undefined {
      if (s.serverBusy <= 0) return undefined;
      s.serverBusy -= 1;
      return s.backOffMs;
    },
    clear(): void {
      Object.assign(s, { failDeliveries: 0, delayDeliveries: 0, delayMs: 0, serverBusy: 0, backOffMs: 0 });
      errorPushes.clear();
    },
    snapshot(): FaultsSnapshot {
      return { ...s, errorPushes: [...errorPushes].map(([subscriptionId, code]) => ({ subscriptionId, code })) };
    },
  };
}
