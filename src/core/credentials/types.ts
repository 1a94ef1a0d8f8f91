// Pure: the shapes the credential resolver returns and the error it raises, named after botocore's exceptions.
import { CdrError, type CdrErrorCode, type SourceLocation } from '../errors';
import type { Env } from '../util/env';
import type { BotocoreInfo } from './botocoreRules';
import type { CredentialMethod } from './method';
import type { Message } from '../messages';

export type { Env };

export interface ChainStep {
  readonly method: CredentialMethod;
  /** `deferred`: botocore names this source now and calls STS/SSO later; so do we. */
  readonly outcome: 'won' | 'skipped' | 'error' | 'deferred';
  readonly reason: string;
  /** `reason` with its id and arguments, for a face that translates it (`render(message) === reason`). */
  readonly message: Message;
}

export interface CredentialResolution {
  readonly source: CredentialMethod | null;
  /** The profile named (explicitly, AWS_DEFAULT_PROFILE or AWS_PROFILE); null when none is named and `default` applies. */
  readonly profile: string | null;
  /** Where the profile name came from. */
  readonly profileSource: 'explicit' | 'AWS_DEFAULT_PROFILE' | 'AWS_PROFILE' | null;
  /** boto3's region: AWS_DEFAULT_REGION, else the profile's `region`. */
  readonly region: string | null;
  readonly regionSource: string | null;
  /** AWS_REGION (what the JS SDK uses) when it differs from boto3's region. */
  readonly jsRegion?: string | null;
  /** Redacted (`AKIA…MPLE`); null for deferred sources, which have no keys until STS/SSO answers. */
  readonly accessKeyId: string | null;
  readonly expiresAt: string | null;
  readonly error: string | null;
  /** botocore's exception class for `error` (e.g. `ProfileNotFound`), for tools comparing with boto3. */
  readonly errorType: string | null;
  readonly errorLocation: SourceLocation | null;
  /** True when the error is the user's configuration (CLI exit 2), false for a failed fetch. */
  readonly badInput: boolean;
  readonly chain: readonly ChainStep[];
  /** The botocore whose rules gave this answer (version, where it was found, awscrt). */
  readonly botocore: BotocoreInfo;
}

/** Credentials fetched during resolution (botocore fetches these eagerly too); kept out of the public result. */
export interface FetchedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

export class CredentialResolveError extends CdrError {
  /** botocore's exception class name. */
  readonly botocoreType: string;
  constructor(
    botocoreType: string,
    message: string,
    options: { code?: CdrErrorCode; location?: SourceLocation; cause?: unknown } = {},
  ) {
    super(message, { code: options.code ?? 'BadInput', location: options.location, cause: options.cause });
    this.botocoreType = botocoreType;
  }
}

export function partialCredentials(
  provider: string,
  missing: string,
  location?: SourceLocation,
): CredentialResolveError {
  const where = location ? ` (${location.file}:${location.line})` : '';
  return new CredentialResolveError(
    'PartialCredentialsError',
    `Partial credentials found in ${provider}, missing: ${missing}${where}`,
    { location },
  );
}

export function invalidConfig(message: string, location?: SourceLocation): CredentialResolveError {
  const where = location ? ` (${location.file}:${location.line})` : '';
  return new CredentialResolveError('InvalidConfigError', `${message}${where}`, { location });
}

export function retrievalError(provider: string, message: string, cause?: unknown): CredentialResolveError {
  return new CredentialResolveError(
    'CredentialRetrievalError',
    `Error when retrieving credentials from ${provider}: ${message}`,
    { code: 'Credentials', cause },
  );
}
