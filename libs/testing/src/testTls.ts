// Test helper: a local CA and a 127.0.0.1 server certificate made by the project's own script
// (.dev/sim-tls.sh, the one `make up` uses) in a temporary directory, so a test serves HTTPS (the
// simulator's Graph face, a loopback double) and its clients trust exactly this CA. Graph's client
// and MSAL refuse plain HTTP for tokens and authorities, hence HTTPS in tests at all. The server
// pair doubles as an Entra app certificate for client-assertion tests.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { REPO_ROOT } from './repoRoot.ts';

export interface TestTls {
  caPem: string;
  certPem: string;
  keyPem: string;
  /** SHA-256 thumbprint of certPem, hex (what MSAL's clientCertificate.thumbprintSha256 takes). */
  thumbprintSha256: string;
  cleanup(): void;
}

const SCRIPT = join(REPO_ROOT, '.dev/sim-tls.sh');

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

/** Trust a CA in this process, beside the CAs it already trusts (node:https and fetch alike). */
export function trustInThisProcess(caPem: string): void {
  setDefaultCACertificates([...getCACertificates('default'), caPem]);
}
