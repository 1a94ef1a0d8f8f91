// I/O: the two legacy sources botocore still reads: AWS_CREDENTIAL_FILE (EC2 tools) and boto 2 config (quirks 10, 11).
import { readFile, stat } from 'node:fs/promises';
import { expandPath, expandUser } from '../aws-config/paths';
import { readIniFile } from '../aws-config/loadAwsConfig';
import { errorMessage } from '../errors';
import { CredentialResolveError, partialCredentials, type Env, type FetchedCredentials } from './types';

export interface LegacyHit {
  readonly credentials: FetchedCredentials;
  readonly file: string;
}

/** botocore's OriginalEC2Provider: reached with the variable set, a missing file is fatal. */
export async function readEc2CredentialFile(env: Env, homedir: string): Promise<LegacyHit | null> {
  const raw = env.AWS_CREDENTIAL_FILE;
  if (raw === undefined) return null;
  const path = expandUser(raw, env, homedir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CredentialResolveError(
      'ConfigNotFound',
      `AWS_CREDENTIAL_FILE cannot be read: ${path}: ${errorMessage(e)}`,
      { location: { file: path, line: 0 } },
    );
  }
  const kv: Record<string, { value: string; line: number }> = {};
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const eq = line.indexOf('=');
    if (eq < 0) return;
    kv[line.slice(0, eq).trim()] = { value: line.slice(eq + 1).trim(), line: i + 1 };
  });
  if (!kv.AWSAccessKeyId) return null;
  if (!kv.AWSSecretKey) {
    throw new CredentialResolveError(
      'KeyError',
      `AWS_CREDENTIAL_FILE has AWSAccessKeyId but no AWSSecretKey (${path}:${kv.AWSAccessKeyId.line})`,
      { location: { file: path, line: kv.AWSAccessKeyId.line } },
    );
  }
  return { credentials: { accessKeyId: kv.AWSAccessKeyId.value, secretAccessKey: kv.AWSSecretKey.value }, file: path };
}

/** The boto 2 config files botocore reads: BOTO_CONFIG alone when set (even empty), else the system file then ~/.boto. */
export function botoConfigPaths(env: Env, homedir: string, systemBotoConfig: string): string[] {
  if (env.BOTO_CONFIG !== undefined) return [expandPath(env.BOTO_CONFIG, env, homedir)];
  return [systemBotoConfig, expandPath('~/.boto', env, homedir)];
}

export async function readBotoConfig(env: Env, homedir: string, systemBotoConfig: string): Promise<LegacyHit | null> {
  for (const path of botoConfigPaths(env, homedir, systemBotoConfig)) {
    if (!path) continue;
    try {
      if (!(await stat(path)).isFile()) continue;
    } catch {
      continue;
    }
    const { parse } = await readIniFile(path);
    if (!parse) continue;
    if (parse.error) {
      throw new CredentialResolveError(
        'ConfigParseError',
        `Unable to parse config file: ${parse.error.file}:${parse.error.line}: ${parse.error.message}`,
        { code: 'ConfigParse', location: { file: parse.error.file, line: parse.error.line } },
      );
    }
    const section = parse.sections.find((s) => s.name === 'Credentials');
    const id = section?.entries.get('aws_access_key_id');
    if (!section || !id) continue;
    const secret = section.entries.get('aws_secret_access_key');
    if (!secret) throw partialCredentials('boto-config', 'aws_secret_access_key', { file: path, line: id.line });
    return { credentials: { accessKeyId: id.value, secretAccessKey: secret.value }, file: path };
  }
  return null;
}
