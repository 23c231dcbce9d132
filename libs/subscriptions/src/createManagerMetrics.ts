// The manager's metrics; names are fixed (the chart's dashboards and alerts use them).
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { CallbackRule } from '@rooms-sync/events';
import { SUBSCRIPTION_STATES } from './summarizeState.ts';
import type { StateSummary } from './summarizeState.ts';

export interface ManagerMetrics {
  setLeader(leader: boolean): void;
  setCallbackUrl(rule: CallbackRule, url: string): void;
  /** outcome: ok, or the EWS error kind (throttled, transient, permanent, …), or error. */
  countAttempt(outcome: string): void;
  /** operation: CreateSubscription, RenewSubscription, …; outcome: ok or the Graph error kind. */
  countGraphCall(operation: string, outcome: string): void;
  /** Rooms whose connection is not configured (left alone). */
  setUnconfiguredRooms(count: number): void;
  /** Pass undefined on a standby, so only the leader reports rooms. */
  setSummary(summary: StateSummary | undefined): void;
  /** Epoch ms of the snapshot this replica last wrote or restored. */
  setSnapshotTakenAt(takenAt: number): void;
}

export function createManagerMetrics(registry: Registry): ManagerMetrics {
  const subscriptions = new Gauge({
    name: 'rooms_subscriptions',
    help: 'Enabled rooms by subscription state (leader only)',
    labelNames: ['state'],
    registers: [registry],
  });
  const sinceContact = new Gauge({
    name: 'rooms_subscription_seconds_since_contact',
    help: "Seconds since the last push (event or heartbeat) of each room's current subscription (leader only)",
    labelNames: ['mailbox'],
    registers: [registry],
  });
  const attempts = new Counter({
    name: 'rooms_subscribe_attempts_total',
    help: 'EWS Subscribe attempts by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const graphCalls = new Counter({
    name: 'rooms_graph_subscription_calls_total',
    help: 'Microsoft Graph subscription calls by operation and outcome',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const unconfigured = new Gauge({
    name: 'rooms_unconfigured_connection_rooms',
    help: 'Rooms whose connection is not configured in ExchangeConnections; the manager leaves them alone',
    registers: [registry],
  });
  const leader = new Gauge({
    name: 'rooms_manager_leader',
    help: '1 while this instance holds the leadership lock',
    registers: [registry],
  });
  const callback = new Gauge({
    name: 'rooms_callback_url_info',
    help: 'The callback URL registered with Exchange and the precedence rule that chose it',
    labelNames: ['rule', 'url'],
    registers: [registry],
  });
  let snapshotTakenAt: number | undefined;
  new Gauge({
    name: 'rooms_manager_snapshot_age_seconds',
    help: 'Seconds since the state snapshot this replica last wrote (leader) or restored at start was taken',
    registers: [registry],
    collect() {
      if (snapshotTakenAt !== undefined) this.set((Date.now() - snapshotTakenAt) / 1000);
    },
  });
  leader.set(0);
  return {
    setLeader: (value) => {
      leader.set(value ? 1 : 0);
    },
    setCallbackUrl(rule, url) {
      callback.reset();
      callback.set({ rule, url }, 1);
    },
    countAttempt: (outcome) => {
      attempts.inc({ outcome });
    },
    countGraphCall: (operation, outcome) => {
      graphCalls.inc({ operation, outcome });
    },
    setUnconfiguredRooms: (count) => {
      unconfigured.set(count);
    },
    setSummary(summary) {
      subscriptions.reset();
      sinceContact.reset();
      if (!summary) return;
      for (const state of SUBSCRIPTION_STATES) subscriptions.set({ state }, summary.counts[state]);
      for (const [mailbox, seconds] of summary.secondsSinceContact) sinceContact.set({ mailbox }, seconds);
    },
    setSnapshotTakenAt: (takenAt) => {
      snapshotTakenAt = takenAt;
    },
  };
}
