// Pure: which of botocore's credential rules apply to a given botocore version (the differences between 1.29 and
// today's release that change which source wins or whether resolution fails).

/** The release `pip install boto3` gives today; its rules apply when no botocore is found. */
export const CURRENT_BOTOCORE = '1.43.107';

/** The oldest awscrt whose EC module botocore's login provider can use (botocore.compat). */
export const MIN_AWSCRT_FOR_LOGIN = '0.28.4';

export interface BotocoreInfo {
  /** The version whose rules apply. */
  readonly version: string;
  /** Where the version came from: a Python interpreter's path, `--botocore-version`, or `default`. */
  readonly from: string;
  /**
   * awscrt's version when that interpreter has one with the EC module the login provider needs; false when it has
   * none (or one without EC); null when unknown (no interpreter looked at), which counts as absent.
   */
  readonly crt: string | false | null;
}

export interface BotocoreRules {
  readonly version: string;
  /** 1.41.0: the `login` provider (profiles written by `aws login`, `login_session`). */
  readonly loginProvider: boolean;
  /** The login provider needs awscrt's EC (`pip install "botocore[crt]"`); false when awscrt is absent or unknown. */
  readonly crtForLogin: boolean;
  /**
   * 1.32.0: AWS_CONTAINER_CREDENTIALS_FULL_URI may name any loopback address and the EKS pod identity hosts, and
   * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE is read.
   */
  readonly eksContainer: boolean;
  /** 1.32.4: AWS_EC2_METADATA_V1_DISABLED / ec2_metadata_v1_disabled stops the IMDSv1 fallback. */
  readonly imdsV1Disable: boolean;
}

export function parseVersion(v: string): [number, number, number] | null {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function atLeast(v: string, min: string): boolean {
  const a = parseVersion(v);
  const b = parseVersion(min);
  if (!a || !b) return false;
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return true;
}

export function defaultBotocore(): BotocoreInfo {
  return { version: CURRENT_BOTOCORE, from: 'default', crt: null };
}

/** `BOTO_DISABLE_CRT=true` makes botocore ignore an installed awscrt. */
export function rulesFor(info: BotocoreInfo, env: Readonly<Record<string, string | undefined>> = {}): BotocoreRules {
  const v = info.version;
  const crtDisabled = (env.BOTO_DISABLE_CRT ?? 'false').toLowerCase() === 'true';
  return {
    version: v,
    loginProvider: atLeast(v, '1.41.0'),
    crtForLogin: typeof info.crt === 'string' && atLeast(info.crt, MIN_AWSCRT_FOR_LOGIN) && !crtDisabled,
    eksContainer: atLeast(v, '1.32.0'),
    imdsV1Disable: atLeast(v, '1.32.4'),
  };
}

/** The command that signs a `login_session` profile in again (AWS CLI 2.32+). */
export function loginHint(profileName: string): string {
  return `aws login --profile ${profileName}`;
}
