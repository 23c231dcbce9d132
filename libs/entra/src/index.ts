export { createTokenProvider, DEFAULT_AUTHORITY_HOST } from './createTokenProvider.ts';
export type { TokenProvider, TokenProviderOptions } from './createTokenProvider.ts';
export { certificateCredential } from './credential.ts';
export type { CertificateCredential, EntraCredential } from './credential.ts';
export { TokenRequestError } from './TokenRequestError.ts';
