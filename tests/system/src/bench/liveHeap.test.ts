import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspectorUrl } from './liveHeap.ts';

test('inspectorUrl reads the address Node prints for the inspector, the last one if it opened twice', () => {
  const output = [
    '{"level":"info","msg":"starting"}',
    'Debugger listening on ws://127.0.0.1:41231/2f1b7c1e-5d43-4a8e-9d51-0f3c1e2a9b77',
    'For help, see: https://nodejs.org/en/docs/inspector',
    'Debugger listening on ws://127.0.0.1:38811/a1b2c3d4-0000-4000-8000-000000000001',
  ].join('\n');
  assert.equal(inspectorUrl(output), 'ws://127.0.0.1:38811/a1b2c3d4-0000-4000-8000-000000000001');
  assert.equal(inspectorUrl('{"msg":"no inspector here"}'), undefined);
});
