import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReservationQuery } from './parseReservationQuery.ts';

test('a valid query', () => {
  assert.deepEqual(
    parseReservationQuery({
      room: 'room-101@contoso.example',
      from: '2026-12-01',
      to: '2026-12-02T00:00:00Z',
      includeCancelled: 'true',
    }),
    {
      ok: true,
      query: {
        room: 'room-101@contoso.example',
        from: new Date('2026-12-01'),
        to: new Date('2026-12-02T00:00:00Z'),
        includeCancelled: true,
      },
    },
  );
  assert.equal(parseReservationQuery({ room: 'r@x' }).ok, true, 'from/to are optional');
});

test('bad parameters are all reported', () => {
  const r = parseReservationQuery({ room: 'nope', from: 'yesterday', to: '2026-01-01', includeCancelled: 'yes' });
  assert.equal(r.ok, false);
  assert.equal(r.ok ? 0 : r.errors.length, 3);
  assert.deepEqual(parseReservationQuery({ room: 'r@x', from: '2026-12-02', to: '2026-12-01' }), {
    ok: false,
    errors: ['from must be before to'],
  });
});
