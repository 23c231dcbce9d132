import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAppSettingsXml } from './parseAppSettingsXml.ts';

const SOURCE = 'file /etc/rooms/RoomsAppSettings.config';

function entries(xml: string): Record<string, string> {
  const result = parseAppSettingsXml(xml, SOURCE);
  assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => e.message).join('; '));
  return Object.fromEntries(result.entries);
}
function errorMessages(xml: string): string[] {
  const result = parseAppSettingsXml(xml, SOURCE);
  assert.ok(!result.ok, 'expected errors');
  for (const error of result.errors) {
    assert.equal(error.source, SOURCE);
    assert.doesNotMatch(error.message, /\n/);
  }
  return result.errors.map((e) => e.message);
}

test('reads <configuration><appSettings> and ignores other sections', () => {
  const xml = `\uFEFF<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings><add name="x" connectionString="y"/></connectionStrings>
  <appSettings>
    <!-- comment -->
    <add key="IdpRootUrl" value="https://rooms.example.com/" />
    <add key="Tenant" value="a &amp; b" />
    <add key="Empty" />
  </appSettings>
</configuration>`;
  assert.deepEqual(entries(xml), { IdpRootUrl: 'https://rooms.example.com/', Tenant: 'a & b', Empty: '' });
});

test('accepts a bare <appSettings> root and the .NET config namespace', () => {
  assert.deepEqual(entries('<appSettings><add key="A" value="1"/></appSettings>'), { A: '1' });
  const ns =
    '<configuration xmlns="http://schemas.microsoft.com/.NetConfiguration/v2.0"><appSettings><add key="A" value="1"/></appSettings></configuration>';
  assert.deepEqual(entries(ns), { A: '1' });
});

test('<clear/> and <remove/> follow .NET semantics', () => {
  const xml =
    '<appSettings><add key="A" value="1"/><clear/><add key="B" value="2"/><add key="C" value="3"/><remove key="C"/><add key="C" value="4"/></appSettings>';
  assert.deepEqual(entries(xml), { B: '2', C: '4' });
});

test('DOCTYPE is refused (no entity expansion)', () => {
  const xml =
    '<!DOCTYPE configuration [<!ENTITY x "boom">]><configuration><appSettings><add key="A" value="&x;"/></appSettings></configuration>';
  const [message] = errorMessages(xml);
  assert.match(message!, /^file \/etc\/rooms\/RoomsAppSettings\.config: DOCTYPE is not allowed/);
});

test('malformed XML names the file and the position', () => {
  const [message] = errorMessages(
    '<configuration>\n<appSettings>\n<add key="A" value="1">\n</appSettings></configuration>',
  );
  assert.match(message!, /^file \/etc\/rooms\/RoomsAppSettings\.config: malformed XML: \d+:\d+: /);
  assert.match(errorMessages('')[0]!, /malformed XML/);
  assert.match(errorMessages('<a:appSettings/>')[0]!, /malformed XML.*prefix/);
});

test('duplicate keys (also differing only in case) name key, value and file', () => {
  const xml =
    '<appSettings>\n<add key="Tenant" value="a"/>\n<add key="Tenant" value="b"/>\n<add key="tenant" value="c"/>\n</appSettings>';
  assert.deepEqual(errorMessages(xml), [
    `Tenant="b" (${SOURCE}): duplicate key (line 3; first at line 2)`,
    `tenant="c" (${SOURCE}): duplicate key (line 4; first as Tenant at line 2)`,
  ]);
});

test('structure errors', () => {
  assert.match(
    errorMessages('<settings/>')[0]!,
    /root element must be <configuration> or <appSettings>, not <settings>/,
  );
  assert.match(
    errorMessages('<appSettings><set key="A" value="1"/></appSettings>')[0]!,
    /unsupported element <set> in <appSettings>/,
  );
  assert.match(errorMessages('<appSettings><add value="1"/></appSettings>')[0]!, /<add> without a key attribute/);
  assert.match(
    errorMessages('<configuration><appSettings file="other.config"/></configuration>')[0]!,
    /file="…"> is not supported/,
  );
  assert.match(errorMessages('<appSettings configSource="x.config"/>')[0]!, /configSource/);
});
