import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsers } from './parsers.ts';
import { asRequired, setting, withDefault } from './setting.ts';

test('setting records presence and default', () => {
  assert.equal(setting(parsers.string()).presence, 'optional');
  assert.equal(setting(parsers.string(), { required: true }).presence, 'required');
  const row = setting(parsers.int(), { default: 6 });
  assert.equal(row.presence, 'default');
  assert.equal(row.default, 6);
});

test('withDefault and asRequired keep the parser', () => {
  const base = setting(parsers.int({ min: 0, max: 10 }));
  const defaulted = withDefault(base, 9);
  assert.equal(defaulted.parser, base.parser);
  assert.deepEqual([defaulted.presence, defaulted.default], ['default', 9]);
  const required = asRequired(base);
  assert.deepEqual([required.presence, required.default, required.parser], ['required', undefined, base.parser]);
});

test('a default must have the parser type (checked by tsc)', () => {
  // @ts-expect-error a string default for an int setting
  const row = setting(parsers.int(), { default: 'six' });
  assert.equal(row.presence, 'default');
  // @ts-expect-error a value outside the enum
  setting(parsers.oneOf(['info', 'warn']), { default: 'loud' });
});
