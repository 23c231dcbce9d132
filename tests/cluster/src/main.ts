// Probes of the pipeline running in the cluster, for .dev/cluster/test.sh:
//   push-recorded  WEBHOOK_URL KAFKA   a push is acknowledged, and is on the notifications topic
//   push-recorded-on-retry WEBHOOK_URL KAFKA  the same, posting again every second for up to 30 s
//                  while it is refused, as Exchange does (after an outage)
//   push-refused   WEBHOOK_URL         with the broker down, a push is NOT acknowledged
//   pushes-until   WEBHOOK_URL KAFKA STOP_FILE
//                  pushes every 50 ms until STOP_FILE exists (a rollout runs meanwhile), then
//                  checks that every acknowledged push is on the topic
//   reservations   PROJECTOR_URL ROOM...   one line per reservation row (key, status, start, end)
//   graph-callbacks BASE_URL KAFKA  Microsoft Graph's validation handshake is answered 200 text/plain
//                  with the token on both Graph URLs; a notification for an unknown subscription
//                  is answered 202 and is not on the notifications topic
// Prints one summary line; exits 1 when the pipeline broke its promise.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_TOPICS } from '@rooms-sync/config';
import { missingFromTopic } from './findOnTopic.ts';
import { checkGraphCallbacks } from './graphCallbacks.ts';
import { postPush, type PushOutcome } from './postPush.ts';

// The chart leaves the topic names at their defaults.
const NOTIFICATIONS_TOPIC = DEFAULT_TOPICS.notifications;
const [command, url = '', ...rest] = process.argv.slice(2);
const [kafka = '', stopFile = ''] = rest;

async function onTopic(push: PushOutcome, note = ''): Promise<boolean> {
  if (!push.acknowledged) {
    console.log(`push not acknowledged${note}: ${push.status} ${push.body.slice(0, 300)}`);
    return false;
  }
  const missing = await missingFromTopic(kafka, NOTIFICATIONS_TOPIC, [push.subscriptionId]);
  console.log(
    missing.length === 0
      ? `acknowledged${note} and on ${NOTIFICATIONS_TOPIC}: ${push.subscriptionId}`
      : `acknowledged${note} but NOT on ${NOTIFICATIONS_TOPIC}: ${push.subscriptionId}`,
  );
  return missing.length === 0;
}

const pushRecorded = async (): Promise<boolean> => onTopic(await postPush(url));

/**
 * After an outage, as Exchange does: a refused push is posted again (here every second for up to
 * 30 s) until it is taken, without the ingress restarting. The kubelet marks a pod NotReady only
 * after a few failed probes, so a pod can be Ready while its producer reconnects.
 */
async function pushRecordedOnRetry(): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  let refused = 0;
  let push = await postPush(url);
  while (!push.acknowledged && Date.now() < deadline) {
    refused += 1;
    await sleep(1000);
    push = await postPush(url);
  }
  return onTopic(push, ` after ${String(refused)} refused`);
}

async function pushRefused(): Promise<boolean> {
  const push = await postPush(url);
  console.log(
    `${push.acknowledged ? 'acknowledged' : 'not acknowledged'}: HTTP ${push.status} ${push.body.replace(/\s+/g, ' ').slice(0, 160)}`,
  );
  return !push.acknowledged && push.status >= 500;
}

async function pushesUntil(): Promise<boolean> {
  const acknowledged: string[] = [];
  let refused = 0;
  while (!existsSync(stopFile)) {
    const push = await postPush(url, 10_000);
    if (push.acknowledged) acknowledged.push(push.subscriptionId);
    else refused += 1;
    await sleep(50);
  }
  const missing = await missingFromTopic(kafka, NOTIFICATIONS_TOPIC, acknowledged);
  console.log(
    `${acknowledged.length} pushes acknowledged, ${refused} refused or unanswered (Exchange retries those), ${missing.length} acknowledged but lost`,
  );
  return acknowledged.length > 0 && missing.length === 0;
}

async function reservations(): Promise<boolean> {
  for (const room of rest) {
    const res = await fetch(`${url}/api/reservations?room=${encodeURIComponent(room)}`);
    if (!res.ok) {
      console.error(`read API ${res.status}: ${await res.text()}`);
      return false;
    }
    const rows = ((await res.json()) as { reservations: { key: string; status: string; start: string; end: string }[] })
      .reservations;
    for (const r of rows) console.log(`${room} ${r.key} ${r.status} ${r.start} ${r.end}`);
  }
  return true;
}

async function graphCallbacks(): Promise<boolean> {
  const { problems, summary } = await checkGraphCallbacks(
    url,
    async (subscriptionId) => (await missingFromTopic(kafka, NOTIFICATIONS_TOPIC, [subscriptionId])).length === 0,
  );
  console.log(summary);
  for (const problem of problems) console.log(problem);
  return problems.length === 0;
}

const COMMANDS: Record<string, () => Promise<boolean>> = {
  'push-recorded': pushRecorded,
  'push-recorded-on-retry': pushRecordedOnRetry,
  'push-refused': pushRefused,
  'pushes-until': pushesUntil,
  reservations,
  'graph-callbacks': graphCallbacks,
};
const run = command === undefined ? undefined : COMMANDS[command];
if (run === undefined) {
  console.error(`usage: main.ts ${Object.keys(COMMANDS).join('|')} URL ARGS... (see the top of this file)`);
  process.exitCode = 2;
} else {
  process.exitCode = (await run()) ? 0 : 1;
}
