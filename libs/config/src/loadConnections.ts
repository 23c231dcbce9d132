// readConnections with the real file system: the one place mounted Secrets and certificates are read.
import { readFileSync } from 'node:fs';
import type { RawSettings } from './readAppSettings.ts';
import { readConnections } from './readConnections.ts';
import type { ReadConnectionsResult } from './readConnections.ts';

export function loadConnections(raw: RawSettings): ReadConnectionsResult {
  return readConnections(raw, (path) => readFileSync(path, 'utf8'));
}
