// Injected faults, consumed one at a time by the push sender and the EWS endpoint.
export type DeliveryFault = { kind: 'fail' } | { kind: 'delay'; ms: number };

export interface FaultsSnapshot {
  failDeliveries: number;
  delayDeliveries: number;
  delayMs: number;
  serverBusy: number;
  backOffMs: number;
}

export type Faults = ReturnType<typeof createFaults>;

export function createFaults() {
  const s: FaultsSnapshot = { failDeliveries: 0, delayDeliveries: 0, delayMs: 0, serverBusy: 0, backOffMs: 0 };
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
    /** BackOffMilliseconds for this EWS call when it is to be throttled. */
    takeServerBusy(): number | undefined {
      if (s.serverBusy <= 0) return undefined;
      s.serverBusy -= 1;
      return s.backOffMs;
    },
    clear(): void {
      Object.assign(s, { failDeliveries: 0, delayDeliveries: 0, delayMs: 0, serverBusy: 0, backOffMs: 0 });
    },
    snapshot(): FaultsSnapshot {
      return { ...s };
    },
  };
}
