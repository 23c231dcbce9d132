import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, isConfigError } from './ConfigError.ts';

test('message is key="value" (source): reason', () => {
  const error = new ConfigError({
    key: 'IdpRootUrl',
    value: 'foo',
    source: 'env IdpRootUrl',
    reason: 'not an absolute URL',
  });
  assert.equal(error.message, 'IdpRootUrl="foo" (env IdpRootUrl): not an absolute URL');
  assert.equal(error.name, 'ConfigError');
  assert.equal(error.retriable, false);
  assert.equal(error.key, 'IdpRootUrl');
  assert.equal(error.value, 'foo');
  assert.equal(error.source, 'env IdpRootUrl');
  assert.ok(isConfigError(error));
  assert.ok(!isConfigError(new Error('x')));
});

test('a value or reason with line breaks still gives one line', () => {
  const error = new ConfigError({ key: 'Tenant', value: 'a\nb', source: 'file /x', reason: 'bad\n  thing' });
  assert.equal(error.message, 'Tenant="a\\nb" (file /x): bad thing');
  assert.doesNotMatch(error.message, /\n/);
});

test('without a value (unset) and without a key (whole file)', () => {
  assert.equal(
    new ConfigError({ key: 'OpsPort', source: 'unset', reason: 'required but not set' }).message,
    'OpsPort (unset): required but not set',
  );
  assert.equal(
    new ConfigError({ source: 'file /etc/x.config', reason: 'DOCTYPE is not allowed' }).message,
    'file /etc/x.config: DOCTYPE is not allowed',
  );
});

test('URL passwords are masked in value and message', () => {
  const error = new ConfigError({
    key: 'DatabaseUrl',
    value: 'mysql://u:s3cret@h/db',
    source: 'env DatabaseUrl',
    reason: 'bad scheme',
  });
  assert.equal(error.value, 'mysql://u:***@h/db');
  assert.doesNotMatch(error.message, /s3cret/);
});

test('keeps the cause', () => {
  const cause = new Error('root');
  assert.equal(new ConfigError({ source: 'unset', reason: 'x', cause }).cause, cause);
});
