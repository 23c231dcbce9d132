import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { ConfigError } from './ConfigError.ts';
import { EX_CONFIG, exitOnConfigErrors } from './exitOnConfigErrors.ts';

class Exited extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
  }
}

test('writes one `config error:` line per error, then exits 78', () => {
  const lines: string[] = [];
  const errors = [
    new ConfigError({ key: 'IdpRootUrl', value: 'foo', source: 'env IdpRootUrl', reason: 'not an absolute URL' }),
    new ConfigError({ key: 'OpsPort', source: 'unset', reason: 'required but not set' }),
  ];
  assert.throws(
    () =>
      exitOnConfigErrors(errors, { write: (chunk) => lines.push(chunk) }, (code) => {
        throw new Exited(code);
      }),
    (error) => error instanceof Exited && error.code === EX_CONFIG,
  );
  assert.deepEqual(lines, [
    'config error: IdpRootUrl="foo" (env IdpRootUrl): not an absolute URL\n',
    'config error: OpsPort (unset): required but not set\n',
  ]);
});

test('really exits the process with 78 (EX_CONFIG)', () => {
  const script = `
    import { ConfigError } from ${JSON.stringify(new URL('./ConfigError.ts', import.meta.url).href)};
    import { exitOnConfigErrors } from ${JSON.stringify(new URL('./exitOnConfigErrors.ts', import.meta.url).href)};
    exitOnConfigErrors([new ConfigError({ key: 'LogLevel', value: 'loud', source: 'env LogLevel', reason: 'not one of trace|debug|info|warn|error' })]);
    console.log('not reached');
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 78);
  assert.equal(child.stdout, '');
  assert.equal(child.stderr, 'config error: LogLevel="loud" (env LogLevel): not one of trace|debug|info|warn|error\n');
});
