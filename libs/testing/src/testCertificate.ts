// A throwaway certificate for a loopback HTTPS server in a test, trusted by this process only.
// Graph's client and MSAL refuse to send tokens or talk to authorities over plain HTTP, so their
// tests need HTTPS; openssl (on every machine that runs the suite) makes the certificate, and
// tls.setDefaultCACertificates adds it to what this process trusts, fetch included.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';

export interface TestCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

/** A self-signed certificate for CN and the given subject alternative names (e.g. IP:127.0.0.1). */
export function createTestCertificate(commonName: string, altNames: readonly string[] = []): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'rooms-sync-cert-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    const san = altNames.length > 0 ? ['-addext', `subjectAltName=${altNames.join(',')}`] : [];
    const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${commonName}`];
    execFileSync('openssl', [...args, ...san, '-keyout', key, '-out', cert], { stdio: 'ignore' });
    return { certificatePem: readFileSync(cert, 'utf8'), privateKeyPem: readFileSync(key, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Trust a certificate in this process, beside the CAs it already trusts. */
export function trustInThisProcess(certificatePem: string): void {
  setDefaultCACertificates([...getCACertificates('default'), certificatePem]);
}
