// Test helper (not exported from index.ts): RoomsAppSettings.config files in a fresh temp dir.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { xmlEscape } from '@rooms-sync/ews';

export interface TempConfig {
  readonly dir: string;
  readonly path: string;
  readonly cleanup: () => Promise<void>;
}

export async function writeTempConfig(content: string): Promise<TempConfig> {
  const dir = await mkdtemp(join(tmpdir(), 'rooms-config-'));
  const path = join(dir, 'RoomsAppSettings.config');
  await writeFile(path, content);
  return { dir, path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** For one test file: a writeTempConfig whose files are all removed after the file's tests. */
export function tempConfigs(): (content: string) => Promise<TempConfig> {
  const temps: TempConfig[] = [];
  after(async () => {
    await Promise.all(temps.map((t) => t.cleanup()));
  });
  return async (content) => {
    const t = await writeTempConfig(content);
    temps.push(t);
    return t;
  };
}

/** A .NET config document with one <add> per entry. */
export function appSettingsXml(entries: Readonly<Record<string, string>>): string {
  const adds = Object.entries(entries)
    .map(([key, value]) => `    <add key="${xmlEscape(key)}" value="${xmlEscape(value)}" />`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <appSettings>\n${adds}\n  </appSettings>\n</configuration>\n`;
}
