// How an app proves who it is to Entra ID: a client secret, or a certificate whose public half is
// registered on the app (Microsoft recommends certificates for production).
import { X509Certificate } from 'node:crypto';

export type EntraCredential =
  | { readonly kind: 'secret'; readonly secret: string }
  | { readonly kind: 'certificate'; readonly certificatePem: string; readonly privateKeyPem: string };

/** What MSAL wants for a certificate: the SHA-256 thumbprint (hex) and the chain for x5c. */
export interface CertificateCredential {
  readonly thumbprintSha256: string;
  readonly privateKey: string;
  readonly x5c: string;
}

/**
 * Reads the certificate once at start: a malformed PEM fails here with a clear message instead of
 * at the first token request. x5c lets tenants that use subject name + issuer validation roll the
 * certificate without re-registering it.
 */
export function certificateCredential(certificatePem: string, privateKeyPem: string): CertificateCredential {
  const certificate = new X509Certificate(certificatePem);
  return {
    thumbprintSha256: certificate.fingerprint256.replaceAll(':', '').toLowerCase(),
    privateKey: privateKeyPem,
    x5c: certificate.raw.toString('base64'),
  };
}
