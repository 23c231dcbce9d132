import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promSamples } from './promSamples.ts';

test('promSamples reads one metric with its labels and leaves the others and the comments', () => {
  const text = [
    '# HELP rooms_projector_exchange_calls_total EWS and Graph calls',
    '# TYPE rooms_projector_exchange_calls_total counter',
    'rooms_projector_exchange_calls_total{source="ews",operation="SyncFolderItems",reason="reconcile",outcome="ok"} 12',
    'rooms_projector_exchange_calls_total{source="ews",operation="GetItem",reason="push",outcome="ok"} 3',
    'rooms_projector_exchange_calls_total_extra 1',
    'rooms_projector_consumer_lag 0',
  ].join('\n');
  assert.deepEqual(promSamples(text, 'rooms_projector_exchange_calls_total'), [
    { labels: { source: 'ews', operation: 'SyncFolderItems', reason: 'reconcile', outcome: 'ok' }, value: 12 },
    { labels: { source: 'ews', operation: 'GetItem', reason: 'push', outcome: 'ok' }, value: 3 },
  ]);
  assert.deepEqual(promSamples(text, 'rooms_projector_consumer_lag'), [{ labels: {}, value: 0 }]);
});
