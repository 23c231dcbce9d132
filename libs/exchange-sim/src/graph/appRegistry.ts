// The Entra ID app registrations the simulator knows: per tenant and client id, the client
// secrets and the certificates (by SHA-1 and SHA-256 thumbprint) a client may authenticate with.
import { X509Certificate } from 'node:crypto';
import { SimError } from '../SimError.ts';

export interface GraphAppInput {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** PEM of the public certificate uploaded to the app registration. */
  certificatePem?: string;
  /** The application permissions granted (with admin consent); default DEFAULT_ROLES. Replaces earlier ones. */
  roles?: readonly string[];
}

/** What an app gets unless its registration says otherwise: every permission the simulator checks. */
export const DEFAULT_ROLES = ['Calendars.Read', 'Place.Read.All'] as const;

export interface GraphApp {
  tenantId: string;
  clientId: string;
  secrets: string[];
  certificates: X509Certificate[];
  /** Application permissions, as the tokens' `roles` claim carries them. */
  roles: string[];
}

export type AppRegistry = ReturnType<typeof createAppRegistry>;

const key = (tenantId: string, clientId: string) => `${tenantId.toLowerCase()}/${clientId.toLowerCase()}`;
const thumbprint = (cert: X509Certificate, alg: 'sha1' | 'sha256') =>
  (alg === 'sha1' ? cert.fingerprint : cert.fingerprint256).replaceAll(':', '').toLowerCase();

export function createAppRegistry() {
  const apps = new Map<string, GraphApp>();
  return {
    /** Adds an app, or another secret or certificate to an existing one (Entra allows several). */
    register(input: GraphAppInput): GraphApp {
      if (!/^[\w.-]+$/.test(input.tenantId) || !/^[\w.-]+$/.test(input.clientId))
        throw new SimError('Invalid', 'tenantId and clientId must be ids (letters, digits, - . _)');
      const app = apps.get(key(input.tenantId, input.clientId)) ?? {
        tenantId: input.tenantId.toLowerCase(),
        clientId: input.clientId.toLowerCase(),
        secrets: [],
        certificates: [],
        roles: [...DEFAULT_ROLES],
      };
      if (input.roles !== undefined) app.roles = [...input.roles];
      if (input.clientSecret !== undefined) app.secrets.push(input.clientSecret);
      if (input.certificatePem !== undefined) {
        try {
          app.certificates.push(new X509Certificate(input.certificatePem));
        } catch (err) {
          throw new SimError('Invalid', 'certificatePem is not a PEM certificate', { cause: err });
        }
      }
      apps.set(key(app.tenantId, app.clientId), app);
      return app;
    },
    find(tenantId: string, clientId: string): GraphApp | undefined {
      return apps.get(key(tenantId, clientId));
    },
    hasTenant(tenantId: string): boolean {
      return [...apps.values()].some((a) => a.tenantId === tenantId.toLowerCase());
    },
    /** The certificate whose thumbprint (hex, as in x5t / x5t#S256 after base64url decoding) matches. */
    certificate(app: GraphApp, thumbprintHex: string, alg: 'sha1' | 'sha256'): X509Certificate | undefined {
      return app.certificates.find((c) => thumbprint(c, alg) === thumbprintHex.toLowerCase());
    },
    list() {
      return [...apps.values()].map((a) => ({
        tenantId: a.tenantId,
        clientId: a.clientId,
        secrets: a.secrets.length,
        certificates: a.certificates.map((c) => thumbprint(c, 'sha256')),
        roles: a.roles,
      }));
    },
  };
}
