// Every registered event type has a captured fixture in its folder, and every fixture decodes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeEvent } from './decodeEvent.ts';
import { encodeEvent } from './encodeEvent.ts';
import { EVENT_TYPES, isRoomsEventType } from './registry.ts';

const here = import.meta.dirname;
const fixtures = readdirSync(here, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.v\d+\.json$/.test(f))
  .map((f) => ({ file: f, raw: readFileSync(join(here, f)) }));

test('every event type and version has exactly one fixture named after it', () => {
  for (const type of EVENT_TYPES) {
    const name = type.replace(/^rooms\.exchange\./, '');
    const matching = fixtures.filter((f) => f.file.endsWith(`/${name}.json`));
    assert.equal(matching.length, 1, `fixture for ${type}`);
  }
});

for (const { file, raw } of fixtures) {
  test(`fixture ${file} decodes and re-encodes unchanged`, () => {
    const result = decodeEvent({ value: raw });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
    assert.ok(
      file.endsWith(`/${result.event.type.replace(/^rooms\.exchange\./, '')}.json`),
      'fixture sits under its type name',
    );
    const encoded = encodeEvent(result.event);
    assert.deepEqual(JSON.parse(encoded.value.toString('utf8')), JSON.parse(raw.toString('utf8')));
  });
}

test('isRoomsEventType', () => {
  assert.equal(isRoomsEventType('rooms.exchange.ResyncRequested.v1'), true);
  assert.equal(isRoomsEventType('rooms.exchange.ResyncRequested.v2'), false);
  assert.equal(isRoomsEventType('toString'), false);
  assert.equal(isRoomsEventType(1), false);
});
