// Test helpers of @rooms-sync/exchange-sim, imported as '@rooms-sync/exchange-sim/testing'; never from production code.
export { startSimulator, type RunningSimulator } from './startSimulator.ts';
export { startGraphReceiver, type GraphReceiver, type GraphNotificationBatch } from './graphReceiver.ts';
export { createManualClock, type ManualClock } from '../clock.ts';
