// I/O: reads the config and credentials files botocore would read and returns the profile model with its problems.
import { readFile, stat } from 'node:fs/promises';
import { errorMessage } from '../errors';
import { parseIniBytes, type IniParseResult } from './parseIni';
import { resolveAwsConfigPaths, type AwsConfigPaths, type Env } from './paths';
import {
  buildProfileMap,
  type KeyMap,
  type Problem,
  type ProfileMap,
  type SectionRef,
  type ServicesSection,
  type SsoSession,
} from './profiles';
import { intendedKind, validateProfile, type ProfileKind } from './validateProfile';

export interface ConfigFileInfo {
  readonly kind: 'config' | 'credentials';
  /** Null when the variable naming it is set to "" (no file at all). */
  readonly path: string | null;
  readonly exists: boolean;
  /** Why the file counts as empty (unreadable, a directory) or why it is rejected (parse error, with line). */
  readonly error: string | null;
}

export interface Profile {
  readonly name: string;
  /** `invalid` when an error-level problem makes botocore fail on this profile. */
  readonly kind: ProfileKind;
  /** What the keys ask for, even when invalid. */
  readonly intendedKind: Exclude<ProfileKind, 'invalid'>;
  readonly region: string | null;
  /** The first section that defines the profile. */
  readonly file: string;
  readonly line: number;
  readonly sections: readonly SectionRef[];
  /** Merged keys with file:line; secret values are masked (the raw values stay in `AwsConfig.map`). */
  readonly keys: KeyMap;
  readonly problems: readonly Problem[];
}

export interface AwsConfig {
  readonly paths: AwsConfigPaths;
  readonly files: readonly ConfigFileInfo[];
  readonly profiles: readonly Profile[];
  readonly ssoSessions: readonly SsoSession[];
  readonly services: readonly ServicesSection[];
  /** File-level problems: parse errors (fatal for boto3) and ignored sections. */
  readonly problems: readonly Problem[];
  /** The first fatal parse problem, which makes boto3 fail whatever else is configured (quirk 8). */
  readonly fatal: Problem | null;
  /** botocore's profile map, for the credential resolver. */
  readonly map: ProfileMap;
}

export interface LoadAwsConfigOptions {
  readonly env: Env;
  readonly homedir: string;
}

/** botocore's reading rule: a missing path or a directory is no file; an unreadable file is empty (quirk 9). */
export async function readIniFile(
  path: string | null,
): Promise<{ parse: IniParseResult | null; exists: boolean; error: string | null }> {
  if (path === null) return { parse: null, exists: false, error: null };
  try {
    const st = await stat(path);
    if (!st.isFile())
      return {
        parse: null,
        exists: false,
        error: st.isDirectory() ? 'is a directory (treated as no file)' : 'is not a regular file',
      };
  } catch {
    return { parse: null, exists: false, error: null };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return {
      parse: { file: path, sections: [], error: null },
      exists: true,
      error: `cannot be read, so boto3 treats it as empty: ${errorMessage(e)}`,
    };
  }
  const parse = parseIniBytes(bytes, { file: path });
  return { parse, exists: true, error: parse.error ? `line ${parse.error.line}: ${parse.error.message}` : null };
}

const SECRET_KEYS = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token']);

/** The keys as the UI may show them: secrets masked (the access key id is kept; sinks shorten it); file:line kept. */
function displayKeys(keys: KeyMap): KeyMap {
  const out: Record<string, KeyMap[string]> = {};
  for (const [k, v] of Object.entries(keys)) {
    out[k] = SECRET_KEYS.has(k) ? { ...v, value: '[redacted]' } : v;
  }
  return out;
}

export function profilesFromMap(map: ProfileMap): Profile[] {
  return [...map.profiles.values()].map((p) => {
    const problems = validateProfile(p, map);
    const intended = intendedKind(p.keys);
    return {
      name: p.name,
      kind: problems.some((x) => x.severity === 'error') ? 'invalid' : intended,
      intendedKind: intended,
      region: p.keys.region?.value ?? null,
      file: p.sections[0]!.file,
      line: p.sections[0]!.line,
      sections: p.sections,
      keys: displayKeys(p.keys),
      problems,
    };
  });
}

export async function loadAwsConfig(options: LoadAwsConfigOptions): Promise<AwsConfig> {
  const paths = resolveAwsConfigPaths(options.env, options.homedir);
  const [config, credentials] = await Promise.all([readIniFile(paths.config), readIniFile(paths.credentials)]);
  const map = buildProfileMap(config.parse, credentials.parse);
  const parseProblems: Problem[] = [config.parse?.error, credentials.parse?.error]
    .filter((e): e is NonNullable<typeof e> => Boolean(e))
    .map((e) => ({ severity: 'error', file: e.file, line: e.line, message: e.message }));
  const files: ConfigFileInfo[] = [
    { kind: 'config', path: paths.config, exists: config.exists, error: config.error },
    { kind: 'credentials', path: paths.credentials, exists: credentials.exists, error: credentials.error },
  ];
  return {
    paths,
    files,
    profiles: profilesFromMap(map),
    ssoSessions: [...map.ssoSessions.values()],
    services: [...map.services.values()],
    problems: [...parseProblems, ...map.problems],
    fatal: parseProblems[0] ?? null,
    map,
  };
}
