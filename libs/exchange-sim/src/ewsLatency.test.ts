// SIM_EWS_LATENCY_MS: every EWS answer waits that long on the simulator's clock (a manual one
// here, so the test moves time itself instead of measuring it), and each call is counted by operation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createManualClock } from './clock.ts';
import { DEMO_ROOMS } from './createSimulator.ts';
import { startSimulator } from './testing/startSimulator.ts';
import { M_NS, SOAP_NS, T_NS } from './xml.ts';

const ROOM = DEMO_ROOMS[0].address;
const GET_ITEM =
  `<Envelope xmlns="${SOAP_NS}"><Body><GetItem xmlns="${M_NS}"><ItemShape><BaseShape xmlns="${T_NS}">IdOnly</BaseShape>` +
  `</ItemShape><ItemIds><ItemId xmlns="${T_NS}" Id="unknown"/></ItemIds></GetItem></Body></Envelope>`;

test('an EWS call is answered only once the injected latency has passed, and counted', async () => {
  const clock = createManualClock();
  const sim = await startSimulator({ mailboxes: DEMO_ROOMS, clock, ewsLatencyMs: 250 });
  try {
    let answered = false;
    const call = fetch(sim.ewsUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', 'X-AnchorMailbox': ROOM },
      body: GET_ITEM,
    }).then(async (res) => {
      answered = true;
      return { status: res.status, text: await res.text() };
    });
    while (clock.pendingTimers() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(249);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(answered, false);
    clock.advance(1);
    const res = await call;
    assert.equal(res.status, 200, res.text);
    assert.deepEqual((await sim.admin('GET', '/admin/ews-calls')).body, { GetItem: 1 });
  } finally {
    await sim.close();
  }
});

test('without a latency setting the simulator adds no timer to an EWS call', async () => {
  const clock = createManualClock();
  const sim = await startSimulator({ mailboxes: DEMO_ROOMS, clock });
  try {
    const res = await fetch(sim.ewsUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', 'X-AnchorMailbox': ROOM },
      body: GET_ITEM,
    });
    assert.equal(res.status, 200, await res.text());
    assert.equal(clock.pendingTimers(), 0);
  } finally {
    await sim.close();
  }
});
