// Probe failures as the verdict tests build them: a read refused through Graph or through EWS.
import type { GraphErrorKind } from '@rooms-sync/events';
import type { ProbeFailure } from '../probeConnection.ts';

export const graphFailure = (
  code: string,
  status: number | undefined,
  kind: GraphErrorKind,
  retryAfterMs?: number,
): ProbeFailure => ({
  step: 'read',
  via: 'graph',
  status,
  code,
  kind,
  message: `${code} message`,
  retryAfterMs,
});

export const ewsFailure = (
  code: string,
  kind: 'permanent' | 'unauthorized' | 'transient' | 'throttled',
): ProbeFailure => ({
  step: 'read',
  via: 'ews',
  code,
  kind,
  message: `${code} message`,
});
