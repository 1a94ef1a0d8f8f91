// Pure: the Earthdata branch of the tree — in the data's region the DAAC hands out the account (temporary S3 keys from
// its s3credentials endpoint, valid there only); anywhere else HTTPS with the Earthdata login.
import type { EarthdataFacts } from '../catalog/types';
import type { RouteLeaf, RouteStep, Via } from './types';

export interface EarthdataRoutable {
  readonly input: string;
  readonly s3Uri: string | null;
  readonly httpUrl: string | null;
  readonly earthdata: EarthdataFacts;
}

function daacName(loc: EarthdataRoutable): string {
  return loc.earthdata.daac ? `Earthdata DAAC ${loc.earthdata.daac}` : 'Earthdata';
}

/**
 * Called once the data is known to be in the cloud and this machine in AWS. The collection's region (or the DAAC
 * table's) is compared with this machine's: only there do the DAAC's temporary credentials work, so any doubt
 * (an unknown region, no s3credentials endpoint) means HTTPS, which works everywhere.
 */
export function earthdataBranch(
  loc: EarthdataRoutable,
  computeRegion: string | null,
  dataRegion: string | null,
  regionEvidence: readonly string[],
  steps: RouteStep[],
): { readonly leaf: RouteLeaf; readonly where: 'same-region' | 'cross-region' } {
  const cred = loc.earthdata.s3CredentialsUrl;
  const same = computeRegion !== null && dataRegion !== null && computeRegion === dataRegion;
  if (same && cred) {
    steps.push({
      node: 'account',
      question: 'Who provides the cloud account?',
      answer: `the data provider (${daacName(loc)}): temporary S3 credentials from ${cred}, valid in ${dataRegion} only`,
      evidence: [...regionEvidence, 'NASA Earthdata Cloud hands out in-region read access to its own buckets'],
    });
    return { leaf: 'platform-account', where: 'same-region' };
  }
  steps.push({
    node: 'account',
    question: 'Who provides the cloud account?',
    answer: cred
      ? `the data provider (${daacName(loc)}), but its temporary S3 credentials work only in ${dataRegion ?? "the data's region (unknown)"}`
      : `the data provider (${daacName(loc)}), but no s3credentials endpoint is known for this data`,
    evidence: [`s3credentials: ${cred ?? 'none known'}`],
  });
  steps.push({
    node: 'same-region',
    question: 'Are compute and data in the same region?',
    answer: same
      ? `yes: ${computeRegion}`
      : computeRegion && dataRegion
        ? `no: ${computeRegion} vs ${dataRegion}`
        : 'unknown, treated as different regions',
    evidence: [...regionEvidence],
  });
  steps.push({
    node: 'credentials',
    question: 'Are there AWS credentials?',
    answer:
      'none that work here: your own AWS account cannot read the DAAC buckets, and its temporary keys are in-region only',
    evidence: ['HTTPS with the Earthdata login works from anywhere'],
  });
  return { leaf: 'cross-region-anonymous', where: 'cross-region' };
}

/** Which credentials the route uses, for the explanation: the DAAC's temporary keys or the Earthdata login. */
export function earthdataCredentials(via: Via, loc: EarthdataRoutable): string {
  if (via === 's3')
    return loc.earthdata.s3CredentialsUrl
      ? `Earthdata temporary credentials from ${loc.earthdata.s3CredentialsUrl}`
      : 'none: no s3credentials endpoint is known for this data';
  let host = 'the DAAC';
  try {
    if (loc.httpUrl) host = new URL(loc.httpUrl).host;
  } catch {
    // keep the generic name
  }
  return `Earthdata Login for ${host} (bearer token, or the login redirect with Basic sent only to the Earthdata Login host)`;
}

/** S3 forced where the DAAC's keys do not work: say why rather than fail 400 files with 403. */
export function earthdataForcedS3Error(loc: EarthdataRoutable, leaf: RouteLeaf): string | undefined {
  if (leaf === 'platform-account') return undefined;
  return `Cannot use S3 for ${loc.input}: Earthdata's temporary S3 credentials work only in the data's region, from an AWS machine there; use --via auto or --via http (HTTPS with the Earthdata login)`;
}

export function earthdataNoHttpsError(loc: EarthdataRoutable): string {
  return `${loc.input} has no known HTTPS link and S3 is not usable here (Earthdata's temporary credentials work only in the data's region): search CMR for the granule (cdr search) to get its HTTPS link`;
}
