// I/O: names the credential source boto3 would use, in botocore's order and with its quirks (botocore-quirks.md), for
// the botocore version the user runs (botocoreRules.ts; the current release's rules by default).
// STS and SSO are never called (those sources are `deferred`); botocore's eager fetches (credential_process,
// container, IMDS) are done here too, bounded by timeouts, and IMDS only when allowed.
import { loadAwsConfig, type AwsConfig } from '../aws-config/loadAwsConfig';
import type { KeyMap } from '../aws-config/profiles';
import { CREDENTIAL_SOURCES, hasStaticKeys, isAssumeRoleProfile } from '../aws-config/validateProfile';
import { errorMessage, type SourceLocation } from '../errors';
import { redactAccessKeyId } from '../util/redact';
import { dataMessage, render, type Message } from '../messages';
import { credentialMessage as m } from './credentialMessages';
import { defaultBotocore, rulesFor, type BotocoreInfo, type BotocoreRules } from './botocoreRules';
import { fetchContainerCredentials, isContainerConfigured, containerUrl } from './fetchContainer';
import { fetchImdsCredentials, imdsSettings } from './fetchImds';
import { readBotoConfig, readEc2CredentialFile } from './legacyFiles';
import { CREDENTIAL_METHODS, type CredentialMethod } from './method';
import { runProfileProviders, type StepLog, type StepWon } from './profileProviders';
import {
  CredentialResolveError,
  invalidConfig,
  partialCredentials,
  retrievalError,
  type ChainStep,
  type CredentialResolution,
  type Env,
  type FetchedCredentials,
} from './types';

export interface ExplicitKeys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface ResolveOptions {
  readonly env: Env;
  readonly homedir: string;
  /** A profile chosen explicitly (UI or --profile): it skips env keys and env web identity, like boto3's profile_name. */
  readonly profile?: string;
  readonly explicitKeys?: ExplicitKeys;
  /** Call the container endpoint when AWS_CONTAINER_CREDENTIALS_* is set (default true); false reports it as deferred. */
  readonly probeContainer?: boolean;
  /** Call IMDS even without AWS_EC2_METADATA_SERVICE_ENDPOINT (set when the context says EC2). Default false. */
  readonly probeImds?: boolean;
  /** The system-wide boto config (default /etc/boto.cfg); tests point it into a temp dir. */
  readonly systemBotoConfig?: string;
  readonly processTimeoutMs?: number;
  readonly containerTimeoutMs?: number;
  /** Clock for SSO token expiry checks. */
  readonly now?: () => number;
  /** An already loaded config (the extension caches one per file change). */
  readonly config?: AwsConfig;
  /** The botocore whose rules apply (detectBotocore.ts); default: the current release, awscrt unknown (= absent). */
  readonly botocore?: BotocoreInfo;
}

/** The resolution plus the keys fetched on the way, for the provider; never printed. */
export interface ResolvedWithCredentials {
  readonly resolution: CredentialResolution;
  readonly credentials: FetchedCredentials | null;
}

/** The chain after `explicit` (which only a caller's own keys produce), in botocore's order. */
const ORDER: readonly CredentialMethod[] = CREDENTIAL_METHODS.filter((m) => m !== 'explicit');

function chooseProfile(opts: ResolveOptions): { name: string | null; from: CredentialResolution['profileSource'] } {
  if (opts.profile !== undefined) return { name: opts.profile, from: 'explicit' };
  // Empty values count as set (quirk 3): AWS_DEFAULT_PROFILE="" shadows AWS_PROFILE.
  if (opts.env.AWS_DEFAULT_PROFILE !== undefined)
    return { name: opts.env.AWS_DEFAULT_PROFILE, from: 'AWS_DEFAULT_PROFILE' };
  if (opts.env.AWS_PROFILE !== undefined) return { name: opts.env.AWS_PROFILE, from: 'AWS_PROFILE' };
  return { name: null, from: null };
}

function regionOf(
  env: Env,
  keys: KeyMap | undefined,
  profileLabel: string,
): { region: string | null; source: string | null } {
  if (env.AWS_DEFAULT_REGION !== undefined) return { region: env.AWS_DEFAULT_REGION, source: 'AWS_DEFAULT_REGION' };
  const r = keys?.region;
  return r
    ? { region: r.value, source: `profile ${profileLabel} (${r.file}:${r.line})` }
    : { region: null, source: null };
}

function chainStep(method: CredentialMethod, outcome: ChainStep['outcome'], message: Message): ChainStep {
  return { method, outcome, reason: render(message), message };
}

class Log implements StepLog {
  readonly steps: ChainStep[] = [];
  push(method: CredentialMethod, outcome: 'skipped' | 'error', reason: Message) {
    this.steps.push(chainStep(method, outcome, reason));
  }
}

interface Ctx {
  readonly opts: ResolveOptions;
  readonly config: AwsConfig;
  readonly processTimeoutMs?: number;
  readonly rules: BotocoreRules;
}

/** botocore's CanonicalNameCredentialSourcer for credential_source. */
async function fromCredentialSource(ctx: Ctx, source: string, profileName: string): Promise<FetchedCredentials> {
  const env = ctx.opts.env;
  const none = () =>
    retrievalError(source, `No credentials found in credential_source referenced in profile ${profileName}`);
  if (source === 'Environment') {
    if (!env.AWS_ACCESS_KEY_ID) throw none();
    if (!env.AWS_SECRET_ACCESS_KEY) throw partialCredentials('env', 'AWS_SECRET_ACCESS_KEY');
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  }
  if (source === 'EcsContainer') {
    if (!isContainerConfigured(env)) throw none();
    return fetchContainerCredentials(env, { timeoutMs: ctx.opts.containerTimeoutMs, rules: ctx.rules });
  }
  const settings = imdsSettings(env, ctx.config.map.profiles.get(profileName)?.keys ?? {}, ctx.rules);
  const mayProbe =
    !settings.disabled && (ctx.opts.probeImds === true || Boolean(env.AWS_EC2_METADATA_SERVICE_ENDPOINT));
  const creds = mayProbe ? await fetchImdsCredentials(settings) : null;
  if (!creds) throw none();
  return creds;
}

/** AssumeRoleProvider._load_creds_via_assume_role without the STS call: validates and fetches source credentials. */
async function assumeRole(ctx: Ctx, profileName: string, visited: string[]): Promise<Message> {
  const profiles = ctx.config.map.profiles;
  const keys = profiles.get(profileName)!.keys;
  const sp = keys.source_profile;
  const cs = keys.credential_source;
  const at = (k: { file: string; line: number } | undefined): SourceLocation | undefined =>
    k ? { file: k.file, line: k.line } : undefined;
  if (sp && cs)
    throw invalidConfig(`The profile "${profileName}" contains both source_profile and credential_source`, at(cs));
  if (!sp && !cs) throw partialCredentials('assume-role', 'source_profile or credential_source', at(keys.role_arn));
  if (cs) {
    if (!(CREDENTIAL_SOURCES as readonly string[]).includes(cs.value)) {
      throw invalidConfig(
        `The credential source "${cs.value}" referenced in profile "${profileName}" is not valid (expected ${CREDENTIAL_SOURCES.join(', ')}, case-sensitive)`,
        at(cs),
      );
    }
    await fromCredentialSource(ctx, cs.value, profileName);
    return m('credentials.assume-role.credential-source', keys.role_arn!.file, keys.role_arn!.line, cs.value);
  }
  const srcName = sp!.value;
  const source = profiles.get(srcName);
  if (!source)
    throw invalidConfig(
      `The source_profile "${srcName}" referenced in the profile "${profileName}" does not exist`,
      at(sp),
    );
  if (visited.includes(srcName) && (srcName !== profileName || !hasStaticKeys(source.keys))) {
    throw new CredentialResolveError(
      'InfiniteLoopConfigError',
      `Infinite loop in profile configuration: ${[...visited, srcName].join(' -> ')} (${sp!.file}:${sp!.line})`,
      { location: at(sp) },
    );
  }
  visited.push(srcName);
  if (hasStaticKeys(source.keys) || !isAssumeRoleProfile(source.keys)) {
    const won = await runProfileProviders({
      map: ctx.config.map,
      env: ctx.opts.env,
      profileName: srcName,
      disableEnvVars: true,
      processTimeoutMs: ctx.processTimeoutMs,
      rules: ctx.rules,
      loginHome: ctx.opts.env.HOME ?? ctx.opts.homedir,
      now: ctx.opts.now,
      log: new Log(),
    });
    if (!won) throw invalidConfig(`The source profile "${srcName}" must have credentials`, at(sp));
    return m(
      'credentials.assume-role.source-profile',
      keys.role_arn!.file,
      keys.role_arn!.line,
      visited.join(' -> '),
      won.method,
    );
  }
  return assumeRole(ctx, srcName, visited);
}

async function runChain(ctx: Ctx, profileName: string, disableEnv: boolean, log: Log): Promise<StepWon | null> {
  const env = ctx.opts.env;
  const profiles = ctx.config.map.profiles;
  if (disableEnv) log.push('env', 'skipped', m('credentials.env.explicit-profile'));
  else if (env.AWS_ACCESS_KEY_ID) {
    if (!env.AWS_SECRET_ACCESS_KEY) throw partialCredentials('env', 'AWS_SECRET_ACCESS_KEY');
    const token = env.AWS_SECURITY_TOKEN || env.AWS_SESSION_TOKEN;
    const exp = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
    // botocore parses the expiry at once (dateutil), so a value that is not a date fails the env source.
    if (exp && Number.isNaN(exp.getTime()))
      throw new CredentialResolveError(
        'ParserError',
        `AWS_CREDENTIAL_EXPIRATION is not a date: "${env.AWS_CREDENTIAL_EXPIRATION}"`,
      );
    return {
      method: 'env',
      deferred: false,
      reason: m('credentials.env.set'),
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        ...(token ? { sessionToken: token } : {}),
        ...(exp && !Number.isNaN(exp.getTime()) ? { expiration: exp } : {}),
      },
    };
  } else
    log.push('env', 'skipped', env.AWS_ACCESS_KEY_ID === '' ? m('credentials.env.empty') : m('credentials.env.unset'));

  const keys = profiles.get(profileName)?.keys ?? {};
  if (isAssumeRoleProfile(keys)) {
    const reason = await assumeRole(ctx, profileName, [profileName]);
    return { method: 'assume-role', deferred: true, reason: m('credentials.assume-role.deferred', reason) };
  }
  log.push(
    'assume-role',
    'skipped',
    'role_arn' in keys
      ? m('credentials.assume-role.web-identity')
      : m('credentials.assume-role.no-role-arn', profileName),
  );

  const home = env.HOME ?? ctx.opts.homedir;
  const fromProfile = await runProfileProviders({
    map: ctx.config.map,
    env,
    profileName,
    disableEnvVars: disableEnv,
    processTimeoutMs: ctx.processTimeoutMs,
    home,
    now: ctx.opts.now,
    rules: ctx.rules,
    log,
  });
  if (fromProfile) return fromProfile;

  const ec2 = await readEc2CredentialFile(env, ctx.opts.homedir);
  if (ec2)
    return {
      method: 'ec2-credentials-file',
      deferred: false,
      reason: m('credentials.ec2-file.found', ec2.file),
      credentials: ec2.credentials,
    };
  log.push(
    'ec2-credentials-file',
    'skipped',
    env.AWS_CREDENTIAL_FILE === undefined ? m('credentials.ec2-file.unset') : m('credentials.ec2-file.no-key'),
  );

  const boto = await readBotoConfig(env, ctx.opts.homedir, ctx.opts.systemBotoConfig ?? '/etc/boto.cfg');
  if (boto)
    return {
      method: 'boto-config',
      deferred: false,
      reason: m('credentials.boto.found', boto.file),
      credentials: boto.credentials,
    };
  log.push(
    'boto-config',
    'skipped',
    env.BOTO_CONFIG !== undefined ? m('credentials.boto.env-no-key') : m('credentials.boto.none'),
  );

  if (isContainerConfigured(env)) {
    if (ctx.opts.probeContainer === false)
      return {
        method: 'container-role',
        deferred: true,
        reason: m('credentials.container.not-called', containerUrl(env)),
      };
    const c = await fetchContainerCredentials(env, { timeoutMs: ctx.opts.containerTimeoutMs, rules: ctx.rules });
    return {
      method: 'container-role',
      deferred: false,
      reason: m('credentials.container.answered', containerUrl(env)),
      credentials: c,
    };
  }
  log.push('container-role', 'skipped', m('credentials.container.unset'));

  const settings = imdsSettings(env, keys, ctx.rules);
  if (settings.disabled) log.push('iam-role', 'skipped', m('credentials.imds.disabled'));
  else if (ctx.opts.probeImds !== true && !env.AWS_EC2_METADATA_SERVICE_ENDPOINT)
    log.push('iam-role', 'skipped', m('credentials.imds.not-probed'));
  else {
    const c = await fetchImdsCredentials(settings);
    if (c)
      return {
        method: 'iam-role',
        deferred: false,
        reason: m('credentials.imds.found', settings.endpoint),
        credentials: c,
      };
    log.push('iam-role', 'skipped', m('credentials.imds.none', settings.endpoint));
  }
  return null;
}

function failedMethod(log: Log): CredentialMethod {
  const last = log.steps[log.steps.length - 1];
  const i = last ? ORDER.indexOf(last.method) : -1;
  return ORDER[i + 1] ?? 'iam-role';
}

export async function resolveCredentialsDetailed(opts: ResolveOptions): Promise<ResolvedWithCredentials> {
  const { env } = opts;
  const chosen = chooseProfile(opts);
  const botocore = opts.botocore ?? defaultBotocore();
  const rules = rulesFor(botocore, env);
  const base = {
    botocore,
    profile: chosen.name,
    profileSource: chosen.from,
    accessKeyId: null,
    expiresAt: null,
    error: null,
    errorType: null,
    errorLocation: null,
    badInput: false,
  };
  const jsRegion = env.AWS_REGION;
  const log = new Log();
  let chainStarted = false;
  let region: { region: string | null; source: string | null } = { region: null, source: null };
  /** boto3's region and where it came from, plus AWS_REGION when the JS SDK would see another one. */
  const regionFields = () => ({
    region: region.region,
    regionSource: region.source,
    ...(jsRegion !== undefined && jsRegion !== region.region ? { jsRegion } : {}),
  });
  const fail = (e: unknown): ResolvedWithCredentials => {
    const known = e instanceof CredentialResolveError;
    return {
      credentials: null,
      resolution: {
        ...base,
        source: null,
        ...regionFields(),
        error: errorMessage(e),
        errorType: known ? e.botocoreType : 'Error',
        errorLocation: known ? (e.location ?? null) : null,
        badInput: known ? e.isBadInput : false,
        chain: log.steps,
      },
    };
  };
  try {
    const config = opts.config ?? (await loadAwsConfig({ env, homedir: opts.homedir }));
    if (config.fatal) {
      const f = config.fatal;
      throw new CredentialResolveError(
        'ConfigParseError',
        `Unable to parse config file: ${f.file}:${f.line}: ${f.message}`,
        { code: 'ConfigParse', location: { file: f.file, line: f.line } },
      );
    }
    if (chosen.name !== null && !config.map.profiles.has(chosen.name)) {
      const files =
        config.files
          .filter((x) => x.path)
          .map((x) => x.path)
          .join(', ') || 'no files';
      const what = chosen.from === 'explicit' ? 'the chosen profile' : chosen.from;
      throw new CredentialResolveError(
        'ProfileNotFound',
        `The config profile (${chosen.name}) could not be found (${what}; searched ${files})`,
        { code: 'ProfileNotFound' },
      );
    }
    const profileName = chosen.name || 'default';
    region = regionOf(env, config.map.profiles.get(chosen.name ?? 'default')?.keys, chosen.name ?? 'default');
    const done = (won: StepWon): ResolvedWithCredentials => ({
      credentials: won.credentials ?? null,
      resolution: {
        ...base,
        source: won.method,
        ...regionFields(),
        accessKeyId: won.credentials ? (redactAccessKeyId(won.credentials.accessKeyId) ?? null) : null,
        expiresAt: won.credentials?.expiration ? won.credentials.expiration.toISOString() : null,
        chain: [...log.steps, chainStep(won.method, won.deferred ? 'deferred' : 'won', won.reason)],
      },
    });
    if (opts.explicitKeys) {
      return done({
        method: 'explicit',
        deferred: false,
        reason: m('credentials.explicit'),
        credentials: opts.explicitKeys,
      });
    }
    // botocore builds the IMDS fetcher before trying anything, so a bad IMDS setting fails even with env keys (quirk 18).
    chainStarted = true;
    imdsSettings(env, config.map.profiles.get(profileName)?.keys ?? {}, rules);
    const won = await runChain(
      { opts, config, processTimeoutMs: opts.processTimeoutMs, rules },
      profileName,
      chosen.from === 'explicit',
      log,
    );
    if (won) return done(won);
    return {
      credentials: null,
      resolution: { ...base, source: null, ...regionFields(), chain: log.steps },
    };
  } catch (e) {
    // Errors stay as botocore words them (STYLE: error messages are not UI text): data inside the chain.
    if (chainStarted) log.steps.push(chainStep(failedMethod(log), 'error', dataMessage(errorMessage(e))));
    return fail(e);
  }
}

/** Which source boto3 would use, and why each earlier one was skipped. Never throws for configuration problems. */
export async function resolveCredentialSource(opts: ResolveOptions): Promise<CredentialResolution> {
  return (await resolveCredentialsDetailed(opts)).resolution;
}
