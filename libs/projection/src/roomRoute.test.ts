import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRoute } from './roomRoute.ts';

test('events name the route, else the stored one, else EWS default; a change is flagged', () => {
  const graph = { source: 'graph', connection: 'cloud' } as const;
  assert.deepEqual(resolveRoute(undefined, undefined), { source: 'ews', connection: 'default', changed: false });
  assert.deepEqual(resolveRoute(graph, undefined), { ...graph, changed: false }, 'a new room has nothing to change');
  assert.deepEqual(
    resolveRoute(undefined, { source: null, connection: null }),
    { source: 'ews', connection: 'default', changed: false },
    'rows from before Graph are EWS default',
  );
  assert.deepEqual(resolveRoute(graph, { source: null, connection: null }), { ...graph, changed: true });
  assert.deepEqual(resolveRoute(undefined, { source: 'graph', connection: 'cloud' }), { ...graph, changed: false });
  assert.deepEqual(resolveRoute({ source: 'graph', connection: 'other' }, { source: 'graph', connection: 'cloud' }), {
    source: 'graph',
    connection: 'other',
    changed: true,
  });
});
