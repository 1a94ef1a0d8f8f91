// Pure: the public API of credentials (re-exports only).
export { CREDENTIAL_METHODS, isCredentialMethod, type CredentialMethod } from './method';
export {
  resolveCredentialSource,
  resolveCredentialsDetailed,
  type ResolveOptions,
  type ExplicitKeys,
  type ResolvedWithCredentials,
} from './resolveCredentialSource';
export { type CredentialResolution, type ChainStep, type FetchedCredentials, CredentialResolveError } from './types';
export { ssoTokenCachePath } from './ssoTokenStatus';
export { credentialsProviderFor, memoizeCredentials, type ProviderOptions } from './credentialsProviderFor';
export { runCredentialProcess } from './runCredentialProcess';
