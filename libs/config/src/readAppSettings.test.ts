import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { test } from 'node:test';
import { readAppSettings } from './readAppSettings.ts';
import type { ReadAppSettingsResult } from './readAppSettings.ts';
import { appSettingsXml, tempConfigs } from './writeTempConfig.ts';

const temp = tempConfigs();
function raw(result: ReadAppSettingsResult): Record<string, { value: string; source: string }> {
  assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => e.message).join('; '));
  return Object.fromEntries(result.raw);
}

test('file values carry `file <path>`; an env var of the exact same name overrides', async () => {
  const { path } = await temp(appSettingsXml({ IdpRootUrl: 'https://file.example.com/', Tenant: 'file-tenant' }));
  const result = readAppSettings({
    path,
    env: { IdpRootUrl: 'https://env.example.com/', idprooturl: 'ignored', OpsPort: '9101' },
  });
  assert.deepEqual(raw(result), {
    IdpRootUrl: { value: 'https://env.example.com/', source: 'env IdpRootUrl', overridesFile: true },
    Tenant: { value: 'file-tenant', source: `file ${path}` },
    idprooturl: { value: 'ignored', source: 'env idprooturl' },
    OpsPort: { value: '9101', source: 'env OpsPort' },
  });
  assert.equal(result.ok && result.file, path);
});

test('with `keys`, only those env vars (and file keys) are taken from the environment', async () => {
  const { path } = await temp(appSettingsXml({ Tenant: 'file-tenant' }));
  const result = readAppSettings({
    path,
    env: { Tenant: 'env-tenant', OpsPort: '1', PATH: '/bin' },
    keys: ['OpsPort'],
  });
  assert.deepEqual(raw(result), {
    Tenant: { value: 'env-tenant', source: 'env Tenant', overridesFile: true },
    OpsPort: { value: '1', source: 'env OpsPort' },
  });
});

test('a missing file at the default path means env only', async () => {
  const { dir, path } = await temp('');
  await rm(path);
  const cwd = process.cwd();
  process.chdir(dir); // the default path is relative to the working directory
  try {
    const result = readAppSettings({ env: { Tenant: 't' }, keys: ['Tenant'] });
    assert.deepEqual(raw(result), { Tenant: { value: 't', source: 'env Tenant' } });
    assert.equal(result.ok && result.file, undefined);
  } finally {
    process.chdir(cwd);
  }
});

test('the default path is read when present', async () => {
  const { dir, path } = await temp(appSettingsXml({ Tenant: 'from-default' }));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    assert.deepEqual(raw(readAppSettings({ env: {}, keys: [] })), {
      Tenant: { value: 'from-default', source: `file ${path}` },
    });
  } finally {
    process.chdir(cwd);
  }
});

test('a missing file at an explicitly set path is an error naming the file', async () => {
  const { dir } = await temp('');
  const path = `${dir}/nope/RoomsAppSettings.config`;
  const result = readAppSettings({ path, env: {} });
  assert.ok(!result.ok);
  assert.equal(result.errors.length, 1);
  assert.equal(result.errors[0]!.source, `file ${path}`);
  assert.match(result.errors[0]!.message, new RegExp(`^file ${path}: cannot read the file: ENOENT`));
});

test('an unreadable file is an error even at the default path', async () => {
  const { dir } = await temp('');
  const result = readAppSettings({ path: dir, env: {} }); // a directory
  assert.ok(!result.ok);
  assert.match(result.errors[0]!.message, /cannot read the file: EISDIR/);
});

test('malformed XML, DOCTYPE and duplicate keys in the file are errors', async () => {
  const malformed = await temp('<configuration><appSettings><add key="A" value="1"></appSettings>');
  const doctype = await temp('<!DOCTYPE appSettings SYSTEM "file:///etc/passwd"><appSettings/>');
  const duplicate = await temp(
    appSettingsXml({ A: '1' }).replace('</appSettings>', '<add key="A" value="2"/></appSettings>'),
  );
  const messages = [malformed, doctype, duplicate].map(({ path }) => {
    const result = readAppSettings({ path, env: { A: 'env wins but the file is still broken' } });
    assert.ok(!result.ok);
    return result.errors[0]!.message;
  });
  assert.match(messages[0]!, new RegExp(`^file ${malformed.path}: malformed XML: `));
  assert.match(messages[1]!, new RegExp(`^file ${doctype.path}: DOCTYPE is not allowed`));
  assert.match(messages[2]!, new RegExp(`^A="2" \\(file ${duplicate.path}\\): duplicate key`));
});

test('an env var over a non-empty file value is marked, so a secret left in the file can be refused', async () => {
  const { path } = await temp(appSettingsXml({ Tenant: 'file-tenant', OpsPort: '' }));
  const result = readAppSettings({ path, env: { Tenant: 'env-tenant', OpsPort: '1' }, keys: [] });
  assert.deepEqual(raw(result), {
    Tenant: { value: 'env-tenant', source: 'env Tenant', overridesFile: true },
    OpsPort: { value: '1', source: 'env OpsPort' },
  });
});

test('keyFilter takes a family of env vars besides `keys`', async () => {
  const { path } = await temp(appSettingsXml({}));
  const result = readAppSettings({
    path,
    env: { 'Connection.a.Kind': 'graph', Other: 'x' },
    keys: [],
    keyFilter: (name) => name.startsWith('Connection.'),
  });
  assert.deepEqual(raw(result), { 'Connection.a.Kind': { value: 'graph', source: 'env Connection.a.Kind' } });
});
