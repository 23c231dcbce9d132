import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './ConfigError.ts';
import { withChecks } from './withChecks.ts';

const config = {
  ok: true as const,
  settings: { A: 'a', B: 2 },
  sources: { A: 'env A', B: 'default' },
  file: undefined,
};

test('every check adds its part to the config, reading the loaded settings', () => {
  const checked = withChecks(
    config,
    (s) => ({ ok: true as const, upper: s.A.toUpperCase() }),
    (s, sources) => ({ ok: true as const, doubled: s.B * 2, from: sources.B }),
  );
  assert.ok(checked.ok);
  assert.equal(checked.upper, 'A');
  assert.equal(checked.doubled, 4);
  assert.equal(checked.from, 'default');
  assert.deepEqual(checked.settings, config.settings);
});

test('the first failing check is the result; later checks do not run', () => {
  const error = new ConfigError({ key: 'B', source: 'default', reason: 'too small' });
  let ran = false;
  const checked = withChecks(
    config,
    () => ({ ok: false as const, errors: [error] }),
    () => {
      ran = true;
      return { ok: true as const, never: 1 };
    },
  );
  assert.deepEqual(checked, { ok: false, errors: [error] });
  assert.equal(ran, false);
});
