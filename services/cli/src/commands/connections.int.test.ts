// `connections list|test` and `rooms add --connection` through the real CLI process, against the
// simulator's two faces: EWS (on-premises mailboxes) and Graph over HTTPS with its Entra token
// endpoint (Exchange Online mailboxes), and the real PostgreSQL. The spawned CLI trusts the test
// CA through NODE_EXTRA_CA_CERTS, as an operator's would trust a corporate CA.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase } from '@rooms-sync/db/testing';
import type { TestDatabase } from '@rooms-sync/db/testing';
import { startSimulator } from '@rooms-sync/exchange-sim/testing';
import type { RunningSimulator } from '@rooms-sync/exchange-sim/testing';
import { createTestTls, LOCAL_DATABASE_URL, runCli } from '@rooms-sync/testing';
import type { ProcessRun } from '@rooms-sync/testing';

const TENANT = 'contoso-tenant';
const APP = 'rooms-sync-app';
const CERT_APP = 'rooms-sync-cert-app';
// Distinctive, so finding one in any output is certain to be a leak.
const GRAPH_SECRET = 'graph-Secret-7f3a9c1e';
const WRONG_SECRET = 'wrong-Secret-0b5d2e8f';
const EWS_PASSWORD = 'ews-Password-4c6e1a2b';
const SECRETS = [GRAPH_SECRET, WRONG_SECRET, EWS_PASSWORD];
const ONPREM = 'room-101@contoso.example';
const ONLINE = 'cloud-room@contoso.example';
const ONLINE_2 = 'cloud-room-2@contoso.example';

const tls = createTestTls();
const dir = mkdtempSync(join(tmpdir(), 'rooms-cli-connections-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
let sim: RunningSimulator;
let testDb: TestDatabase;
let env: Record<string, string>;
const outputs: ProcessRun[] = [];

before(async () => {
  sim = await startSimulator({
    tls: { certPem: tls.certPem, keyPem: tls.keyPem },
    auth: { mode: 'basic', users: new Map([['svc-rooms', EWS_PASSWORD]]), tokens: [] },
    mailboxes: [{ address: ONPREM }, { address: ONLINE, kind: 'online' }, { address: ONLINE_2, kind: 'online' }],
    graph: {
      apps: [
        { tenantId: TENANT, clientId: APP, clientSecret: GRAPH_SECRET },
        // The server certificate doubles as the app's certificate (createTestTls).
        { tenantId: TENANT, clientId: CERT_APP, certificatePem: tls.certPem },
      ],
    },
  });
  testDb = await createTestDatabase(process.env.DatabaseUrl ?? LOCAL_DATABASE_URL);
  // The ConfigMap part: no secret in it. The Ews* keys keep their old form (default connection).
  const settings = {
    EwsUrl: sim.ewsUrl,
    EwsUsername: 'svc-rooms',
    ExchangeConnections: 'cloud, cert, wrong, lab, badpw',
    'Connection.cloud.Kind': 'graph',
    'Connection.cloud.TenantId': TENANT,
    'Connection.cloud.ClientId': APP,
    'Connection.cloud.AuthorityHost': sim.graphUrl,
    'Connection.cloud.GraphUrl': sim.graphUrl,
    'Connection.cert.Kind': 'graph',
    'Connection.cert.TenantId': TENANT,
    'Connection.cert.ClientId': CERT_APP,
    'Connection.cert.CertificateFile': file('app.pem', tls.certPem),
    'Connection.cert.PrivateKeyFile': file('app.key', tls.keyPem),
    'Connection.cert.AuthorityHost': sim.graphUrl,
    'Connection.cert.GraphUrl': sim.graphUrl,
    'Connection.wrong.Kind': 'graph',
    'Connection.wrong.TenantId': TENANT,
    'Connection.wrong.ClientId': APP,
    'Connection.wrong.ClientSecretFile': file('wrong-secret', `${WRONG_SECRET}\n`),
    'Connection.wrong.AuthorityHost': sim.graphUrl,
    'Connection.wrong.GraphUrl': sim.graphUrl,
    'Connection.lab.Kind': 'ews',
    'Connection.lab.EwsUrl': sim.ewsUrl,
    'Connection.lab.EwsUsername': 'svc-rooms',
    'Connection.lab.EwsPasswordFile': file('ews-password', `${EWS_PASSWORD}\n`),
    'Connection.badpw.Kind': 'ews',
    'Connection.badpw.EwsUrl': sim.ewsUrl,
    'Connection.badpw.EwsUsername': 'svc-rooms',
    'Connection.badpw.EwsPasswordFile': file('wrong-password', WRONG_SECRET),
  };
  const xml = Object.entries(settings)
    .map(([key, value]) => `    <add key="${key}" value="${value}" />`)
    .join('\n');
  const config = file(
    'RoomsAppSettings.config',
    `<configuration>\n  <appSettings>\n${xml}\n  </appSettings>\n</configuration>\n`,
  );
  // The Secret part, as a pod gets it: environment variables and mounted files.
  env = {
    ROOMS_APPSETTINGS_PATH: config,
    NODE_EXTRA_CA_CERTS: file('ca.pem', tls.caPem),
    DatabaseUrl: testDb.url,
    EwsPassword: EWS_PASSWORD,
    'Connection.cloud.ClientSecret': GRAPH_SECRET,
  };
});

after(async () => {
  await sim.close();
  await testDb.drop();
  tls.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<ProcessRun> {
  const run = await runCli(argv, env);
  outputs.push(run);
  return run;
}

test('connections list: name, kind, endpoint and credential kind of each', async () => {
  const run = await cli('connections', 'list', '--json');
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), [
    { name: 'default', kind: 'ews', endpoint: sim.ewsUrl, credential: 'basic as svc-rooms' },
    { name: 'cloud', kind: 'graph', endpoint: sim.graphUrl, credential: `secret of app ${APP} in tenant ${TENANT}` },
    {
      name: 'cert',
      kind: 'graph',
      endpoint: sim.graphUrl,
      credential: `certificate of app ${CERT_APP} in tenant ${TENANT}`,
    },
    { name: 'wrong', kind: 'graph', endpoint: sim.graphUrl, credential: `secret of app ${APP} in tenant ${TENANT}` },
    { name: 'lab', kind: 'ews', endpoint: sim.ewsUrl, credential: 'basic as svc-rooms' },
    { name: 'badpw', kind: 'ews', endpoint: sim.ewsUrl, credential: 'basic as svc-rooms' },
  ]);
  const table = await cli('connections', 'list');
  assert.match(
    table.stdout,
    /^NAME\s+KIND\s+ENDPOINT\s+CREDENTIAL\ndefault\s+ews\s+http:\/\/127\.0\.0\.1:\d+\/EWS\/Exchange\.asmx\s+basic as svc-rooms\n/,
  );
});

test('connections test: a token, and a mailbox on the right side of the hybrid organization', async () => {
  for (const [name, mailbox] of [
    ['cloud', undefined],
    ['cert', undefined],
    ['cloud', ONLINE],
    ['cert', ONLINE],
    ['default', ONPREM],
    ['lab', ONPREM],
  ] as const) {
    const run = await cli('connections', 'test', name, ...(mailbox === undefined ? [] : ['--mailbox', mailbox]));
    assert.equal(run.code, 0, `${name} ${mailbox ?? ''}: ${run.stderr}`);
    assert.match(run.stdout, new RegExp(`^connection ${name} \\(`));
    assert.match(run.stdout, /\nok\n$/);
    if (name !== 'default' && name !== 'lab') assert.match(run.stdout, /\ntoken: ok\n/);
    if (mailbox !== undefined) assert.match(run.stdout, new RegExp(`calendar of ${mailbox}: ok`));
  }
});

test('connections test: each failure ends in a verdict that says what to do', async () => {
  const failures: [string[], RegExp][] = [
    [['wrong'], /FAILED: connection wrong: the secret or certificate is wrong or expired/],
    [['cloud', '--mailbox', ONPREM], /this mailbox lives on-premises: add it through an EWS connection/],
    [
      ['default', '--mailbox', ONLINE],
      /this mailbox is in Exchange Online, where EWS is blocked: use a Graph connection/,
    ],
    [
      ['cloud', '--mailbox', 'nobody@contoso.example'],
      /FAILED: nobody@contoso\.example through connection cloud: no such mailbox/,
    ],
    [['default', '--mailbox', 'nobody@contoso.example'], /no such mailbox/],
    [['badpw', '--mailbox', ONPREM], /EWS refused the credentials \(HTTP 401\)/],
  ];
  for (const [args, verdict] of failures) {
    const run = await cli('connections', 'test', ...args);
    assert.equal(run.code, 1, args.join(' '));
    assert.match(run.stderr, verdict, args.join(' '));
  }
  const unknown = await cli('connections', 'test', 'nope');
  assert.equal(unknown.code, 64);
  assert.match(unknown.stderr, /no such connection: nope \(configured: default, cloud, cert, wrong, lab, badpw\)/);
});

test('rooms add --connection: added only when the mailbox answers through that connection', async () => {
  const add = (...argv: string[]) => cli('rooms', 'add', ...argv);
  assert.deepEqual(
    [await add(ONLINE, '--connection', 'cloud'), await add(ONPREM)].map((r) => [r.code, r.stdout, r.stderr]),
    [
      [0, `added ${ONLINE}\n`, ''],
      [0, `added ${ONPREM}\n`, ''],
    ],
  );
  const refused = await add(ONLINE_2);
  assert.equal(refused.code, 1);
  assert.equal(refused.stdout, '');
  assert.match(
    refused.stderr,
    /FAILED: cloud-room-2@contoso\.example through connection default: this mailbox is in Exchange Online/,
  );
  const wrongSide = await add('room-101@contoso.example', '--connection', 'cert');
  assert.equal(wrongSide.code, 1);
  assert.match(wrongSide.stderr, /lives on-premises/);
  const noSuch = await add(ONLINE_2, '--connection', 'nope');
  assert.equal(noSuch.code, 64);

  const listed = await cli('rooms', 'list', '--json');
  assert.deepEqual(
    (JSON.parse(listed.stdout) as { address: string; connection: string }[]).map((r) => [r.address, r.connection]),
    [
      [ONLINE, 'cloud'],
      [ONPREM, 'default'],
    ],
    'nothing was written for the refused adds',
  );
});

test('no configured secret appears in anything the CLI printed', () => {
  assert.ok(outputs.length > 10);
  for (const run of outputs) {
    for (const secret of SECRETS) {
      assert.ok(
        !run.stdout.includes(secret) && !run.stderr.includes(secret),
        `${secret} leaked:\n${run.stdout}${run.stderr}`,
      );
    }
  }
});
