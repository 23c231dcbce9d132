// Test helper: a local CA and a 127.0.0.1 server certificate made by the project's own script
// (.dev/sim-tls.sh, the one `make up` uses) in a temporary directory, so a test serves the Graph
// face over HTTPS and its clients trust exactly this CA. The server pair doubles as an Entra app
// certificate for client-assertion tests.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface TestTls {
  caPem: string;
  certPem: string;
  keyPem: string;
  /** SHA-256 thumbprint of certPem, hex (what MSAL's clientCertificate.thumbprintSha256 takes). */
  thumbprintSha256: string;
  cleanup(): void;
}

const SCRIPT = resolve(import.meta.dirname, '../../../../.dev/sim-tls.sh');

export function createTestTls(): TestTls {
  const dir = mkdtempSync(join(tmpdir(), 'sim-tls-'));
  execFileSync('bash', [SCRIPT, join(dir, 'tls')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const read = (name: string) => readFileSync(join(dir, 'tls', name), 'utf8');
  const certPem = read('server.pem');
  return {
    caPem: read('ca.pem'),
    certPem,
    keyPem: read('server.key'),
    thumbprintSha256: createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex'),
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
