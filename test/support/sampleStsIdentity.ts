// Pure: who the STS stand-in of the VS Code layers says the sample `default` keys (sample/aws/credentials) are, so
// the runner that starts it and the suite that checks Verify Credentials agree on one answer.
import { readFileSync } from 'node:fs';
import type { StsIdentity } from './stsServer';

export const SAMPLE_DEFAULT_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';

export const SAMPLE_DEFAULT_IDENTITY = {
  account: '111122223333',
  arn: 'arn:aws:iam::111122223333:user/cdr-sample-default',
  userId: 'AIDASAMPLEDEFAULTUSER',
} as const;

/** The stand-in's identity table: only `default` is known, so the sample `dev` keys are refused (a real failure). */
export function sampleStsIdentities(credentialsFile: string): Record<string, StsIdentity> {
  const text = readFileSync(credentialsFile, 'utf8');
  const secret = /\[default\][^[]*?aws_secret_access_key\s*=\s*(\S+)/.exec(text)?.[1];
  if (!secret) throw new Error(`${credentialsFile}: no aws_secret_access_key in [default]`);
  return { [SAMPLE_DEFAULT_KEY_ID]: { secretAccessKey: secret, ...SAMPLE_DEFAULT_IDENTITY } };
}
