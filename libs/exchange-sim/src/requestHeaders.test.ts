import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HeadersRead } from './requestHeaders.ts';
import { readRequestHeaders, versionAtLeast } from './requestHeaders.ts';
import { SOAP_NS, T_NS } from './xml.ts';
import { childEl, parseXml } from './xmlTree.ts';

// Written with other prefixes than ours on purpose: only namespaces count.
const read = (header: string): HeadersRead =>
  readRequestHeaders(
    childEl(
      parseXml(
        `<e:Envelope xmlns:e="${SOAP_NS}" xmlns:typ="${T_NS}"><e:Header>${header}</e:Header><e:Body/></e:Envelope>`,
      ),
      SOAP_NS,
      'Header',
    ),
  );

const value = (r: HeadersRead) => {
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
};

test('no headers: Exchange2007, UTC, whole seconds', () => {
  assert.deepEqual(value(read('')), { version: 'Exchange2007', zone: 'UTC', precision: 'Seconds' });
  assert.deepEqual(value(readRequestHeaders(undefined)), {
    version: 'Exchange2007',
    zone: 'UTC',
    precision: 'Seconds',
  });
});

test('RequestServerVersion is read and checked against ExchangeVersionType', () => {
  assert.equal(value(read('<typ:RequestServerVersion Version="Exchange2013_SP1"/>')).version, 'Exchange2013_SP1');
  const bad = read('<typ:RequestServerVersion Version="Exchange2099"/>');
  assert.equal(bad.ok ? '' : bad.error.code, 'ErrorInvalidServerVersion');
  assert.equal(versionAtLeast('Exchange2013_SP1', 'Exchange2010'), true);
  assert.equal(versionAtLeast('Exchange2007_SP1', 'Exchange2010'), false);
  assert.equal(versionAtLeast('Exchange2010', 'Exchange2010'), true);
});

test('TimeZoneContext: a Windows id Exchange knows, or a definition of the client own by its standard bias', () => {
  const known = '<typ:TimeZoneContext><typ:TimeZoneDefinition Id="W. Europe Standard Time"/></typ:TimeZoneContext>';
  assert.equal(value(read(known)).zone, 'Europe/Berlin');
  const own =
    '<typ:TimeZoneContext><typ:TimeZoneDefinition Id="Custom/Zone" Name="Mine"><typ:Periods>' +
    '<typ:Period Bias="-P0DT5H30M0.0S" Name="Standard" Id="trule:Custom/Standard"/>' +
    '</typ:Periods></typ:TimeZoneDefinition></typ:TimeZoneContext>';
  assert.equal(value(read(own)).zone, '+05:30');
  const west =
    '<typ:TimeZoneContext><typ:TimeZoneDefinition Id="Nowhere"><typ:Periods>' +
    '<typ:Period Bias="P0DT8H0M0.0S" Name="Standard" Id="s"/><typ:Period Bias="P0DT7H0M0.0S" Name="Daylight" Id="d"/>' +
    '</typ:Periods></typ:TimeZoneDefinition></typ:TimeZoneContext>';
  assert.equal(value(read(west)).zone, '-08:00');
  const unknown = read(
    '<typ:TimeZoneContext><typ:TimeZoneDefinition Id="Atlantis Standard Time"/></typ:TimeZoneContext>',
  );
  assert.equal(unknown.ok ? '' : unknown.error.code, 'ErrorTimeZone');
});

test('DateTimePrecision: Milliseconds, else Seconds', () => {
  assert.equal(value(read('<typ:DateTimePrecision>Milliseconds</typ:DateTimePrecision>')).precision, 'Milliseconds');
  assert.equal(value(read('<typ:DateTimePrecision>Seconds</typ:DateTimePrecision>')).precision, 'Seconds');
});
