// Pure: which config and credentials files botocore would read for an environment (quirks 3 and 9).
import type { Env } from '../util/env';

export type { Env };

export interface AwsConfigPaths {
  /** Null when the variable is set but empty: botocore then reads no file and does not fall back. */
  readonly config: string | null;
  readonly credentials: string | null;
  /** Where each path came from, for messages: `AWS_CONFIG_FILE` or `default`. */
  readonly configFrom: 'AWS_CONFIG_FILE' | 'default';
  readonly credentialsFrom: 'AWS_SHARED_CREDENTIALS_FILE' | 'default';
}

/** Python's os.path.expandvars: `$VAR` and `${VAR}`; unknown variables stay as written. */
export function expandVars(path: string, env: Env): string {
  if (!path.includes('$')) return path;
  return path.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    const v = env[key];
    return v === undefined ? whole : v;
  });
}

/** Python's os.path.expanduser for `~` and `~/…` (HOME first, as Python does). `~user` is left alone. */
export function expandUser(path: string, env: Env, homedir: string): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  const home = env.HOME !== undefined ? env.HOME.replace(/\/+$/, '') || '/' : homedir;
  return path === '~' ? home : `${home === '/' ? '' : home}${path.slice(1)}`;
}

export function expandPath(path: string, env: Env, homedir: string): string {
  return expandUser(expandVars(path, env), env, homedir);
}

export function resolveAwsConfigPaths(env: Env, homedir: string): AwsConfigPaths {
  const pick = (name: string, fallback: string): string | null => {
    const raw = env[name];
    if (raw === undefined) return expandPath(fallback, env, homedir);
    return raw === '' ? null : expandPath(raw, env, homedir);
  };
  return {
    config: pick('AWS_CONFIG_FILE', '~/.aws/config'),
    credentials: pick('AWS_SHARED_CREDENTIALS_FILE', '~/.aws/credentials'),
    configFrom: env.AWS_CONFIG_FILE !== undefined ? 'AWS_CONFIG_FILE' : 'default',
    credentialsFrom: env.AWS_SHARED_CREDENTIALS_FILE !== undefined ? 'AWS_SHARED_CREDENTIALS_FILE' : 'default',
  };
}
