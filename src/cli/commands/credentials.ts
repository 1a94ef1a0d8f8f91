// I/O: `cdr credentials`: which credential source boto3 would use here, and why each earlier one was skipped.
import { homedir } from 'node:os';
import { classifyMachine } from '../../core/context/classifyMachine';
import { readMarkers } from '../../core/context/readMarkers';
import { parseVersion } from '../../core/credentials/botocoreRules';
import { detectBotocore, type Detected } from '../../core/credentials/detectBotocore';
import {
  credentialsProviderFor,
  resolveCredentialSource,
  type CredentialResolution,
} from '../../core/credentials/index';
import { verifyIdentity, type CallerIdentity } from '../../core/credentials/verifyIdentity';
import { describeEarthdataLogin, earthdataLoginLines } from '../../core/earthdata/describeLogin';
import { resolveEarthdataLogin } from '../../core/earthdata/login';
import { errorMessage } from '../../core/errors';
import type { CliCommand } from '../command';
import { ExitCode, type CliIo } from '../io';

function crtText(crt: string | false | null): string {
  if (crt === null) return 'awscrt unknown';
  return crt === false ? 'no awscrt' : `awscrt ${crt}`;
}

function human(r: CredentialResolution): string {
  const lines: string[] = [];
  lines.push(`botocore: ${r.botocore.version} (${r.botocore.from}; ${crtText(r.botocore.crt)})`);
  lines.push(`source:  ${r.source ?? (r.error ? '(error)' : 'none — boto3 would be anonymous')}`);
  lines.push(
    `profile: ${r.profile === null ? 'default (none named)' : `${r.profile === '' ? '""' : r.profile} (from ${r.profileSource})`}`,
  );
  lines.push(`region:  ${r.region === null ? 'none' : `${r.region === '' ? '""' : r.region} (${r.regionSource})`}`);
  if (r.jsRegion !== undefined)
    lines.push(`         note: AWS_REGION=${r.jsRegion ?? ''} is what the JS SDK and AWS CLI v2 use; boto3 ignores it`);
  if (r.accessKeyId) lines.push(`key:     ${r.accessKeyId}`);
  if (r.expiresAt) lines.push(`expires: ${r.expiresAt}`);
  if (r.chain.length) {
    lines.push('chain:');
    for (const s of r.chain) lines.push(`  ${s.outcome.padEnd(8)} ${s.method.padEnd(30)} ${s.reason}`);
  }
  if (r.error) lines.push(`error:   ${r.error}`);
  return `${lines.join('\n')}\n`;
}

/** --botocore-version beats detection; --python names the interpreter; else python3 on PATH; else the default. */
async function chooseBotocore(
  values: Record<string, string | boolean | string[] | undefined>,
  io: CliIo,
): Promise<Detected | Error> {
  const version = typeof values['botocore-version'] === 'string' ? values['botocore-version'] : undefined;
  const python = typeof values.python === 'string' ? values.python : undefined;
  if (version !== undefined && !parseVersion(version))
    return new Error(`--botocore-version: "${version}" is not a version like 1.43.0`);
  if (version !== undefined && python === undefined)
    return { info: { version, from: '--botocore-version', crt: null } };
  const found = await detectBotocore(python ?? 'python3', { env: { ...io.env } });
  if (python !== undefined && found.fallback && version === undefined) return new Error(`--python: ${found.fallback}`);
  return version !== undefined ? { info: { ...found.info, version, from: '--botocore-version' } } : found;
}

export const credentialsCommand: CliCommand = {
  name: 'credentials',
  summary:
    "Show the credential source boto3 would use (botocore's order), with the region and the chain; and the Earthdata Login (source, user, token expiry).",
  options: {
    profile: {
      type: 'string',
      valueName: 'P',
      description: 'Choose a profile explicitly (like boto3 Session(profile_name=P)).',
    },
    python: {
      type: 'string',
      valueName: 'PATH',
      description:
        "Answer for the botocore of this Python interpreter (default: python3 on PATH, else botocore's current release).",
    },
    verify: {
      type: 'boolean',
      description:
        'Also ask STS GetCallerIdentity with these credentials (a network call): account, ARN and user id. AWS_ENDPOINT_URL_STS is honoured.',
    },
    'botocore-version': {
      type: 'string',
      valueName: 'X.Y.Z',
      description: "Apply this botocore version's rules, whatever Python has.",
    },
  },
  async run(args, io) {
    const profile = typeof args.values.profile === 'string' ? args.values.profile : undefined;
    const botocore = await chooseBotocore(args.values, io);
    if (botocore instanceof Error) {
      io.err(`cdr credentials: ${botocore.message}\n`);
      return ExitCode.BadInput;
    }
    // botocore would ask IMDS on any machine; we ask only where the DMI markers (local files, bounded) say EC2,
    // so a laptop never waits on 169.254.169.254. AWS_EC2_METADATA_DISABLED=true still wins.
    const onEc2 =
      io.env.AWS_EC2_METADATA_DISABLED?.toLowerCase() === 'true'
        ? false
        : classifyMachine(await readMarkers({ root: '/' })).kind === 'aws-ec2';
    const r = await resolveCredentialSource({
      env: io.env,
      homedir: homedir(),
      probeImds: onEc2,
      ...(profile !== undefined ? { profile } : {}),
      systemBotoConfig: io.env.CDR_SYSTEM_BOTO_CONFIG ?? '/etc/boto.cfg',
      botocore: botocore.info,
    });
    for (const note of [botocore.fallback, botocore.warning]) if (note) io.logger.debug('credentials', note);
    io.logger.debug('credentials', `resolved ${r.source ?? 'none'} after ${r.chain.length} steps`);
    let identity: CallerIdentity | undefined;
    let verifyError: string | undefined;
    if (args.values.verify === true && !r.error) {
      if (r.source === null) verifyError = 'nothing to verify: no credentials were found (boto3 would be anonymous)';
      else {
        try {
          const provider = credentialsProviderFor(r, {
            env: io.env,
            homedir: homedir(),
            probeImds: onEc2,
            ...(profile !== undefined ? { profile } : {}),
            systemBotoConfig: io.env.CDR_SYSTEM_BOTO_CONFIG ?? '/etc/boto.cfg',
            botocore: botocore.info,
          });
          identity = await verifyIdentity({ provider, region: r.region, env: io.env });
        } catch (e) {
          verifyError = errorMessage(e);
        }
      }
    }
    // The Earthdata Login beside the AWS chain: which source, whose, until when (never the secret).
    let earthdata;
    try {
      earthdata = describeEarthdataLogin(resolveEarthdataLogin(io.env, { home: io.env.HOME || homedir() }));
    } catch (e) {
      earthdata = { error: errorMessage(e) };
    }
    if (args.values.json) {
      io.out(
        `${JSON.stringify(
          {
            botocore: r.botocore,
            source: r.source,
            profile: r.profile,
            region: r.region,
            accessKeyId: r.accessKeyId,
            expiresAt: r.expiresAt,
            error: r.error,
            errorType: r.errorType,
            errorLocation: r.errorLocation,
            profileSource: r.profileSource,
            regionSource: r.regionSource,
            ...(r.jsRegion !== undefined ? { jsRegion: r.jsRegion } : {}),
            // The reason's stable id rides along (src/core/credentials/credentialMessages.ts).
            chain: r.chain.map((s) => ({ method: s.method, outcome: s.outcome, reason: s.reason, id: s.message.id })),
            ...(identity ? { identity } : {}),
            ...(verifyError ? { verifyError } : {}),
            earthdata,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      io.out(human(r));
      io.out(`${'error' in earthdata ? `earthdata: ${earthdata.error}` : earthdataLoginLines(earthdata).join('\n')}\n`);
      if (identity)
        io.out(
          `verified: account ${identity.account}\n          arn     ${identity.arn}\n          user id ${identity.userId}\n          (STS GetCallerIdentity at ${identity.endpoint})\n`,
        );
    }
    if (r.error) {
      io.err(`cdr credentials: ${r.error}\n`);
      return r.badInput ? ExitCode.BadInput : ExitCode.Failed;
    }
    if (verifyError) {
      io.err(`cdr credentials: --verify: ${verifyError}\n`);
      return ExitCode.Failed;
    }
    return ExitCode.Ok;
  },
};
