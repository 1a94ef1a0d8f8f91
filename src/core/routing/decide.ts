// Pure: decide(context, location, identity, policy) → Route; the seed's "Tracking Cases" tree, total.
import type { Location } from '../catalog/types';
import type { CloudContext } from '../context/types';
import {
  LEAF_VIA,
  type Route,
  type RouteIdentity,
  type RouteLeaf,
  type RoutePolicy,
  type RouteStep,
  type Via,
} from './types';
import { SERVICE_NAMES } from '../context/describeContext';
import { earthdataBranch, earthdataCredentials, earthdataForcedS3Error, earthdataNoHttpsError } from './earthdataRoute';

/** The facts routing reads from a Location; a full Location fits. */
export type RoutableLocation = Pick<
  Location,
  'input' | 'bucket' | 's3Uri' | 'httpUrl' | 'region' | 'requesterPays' | 'bytes' | 'httpLogin'
> & {
  readonly notes?: readonly string[];
  /** Earthdata files: the DAAC hands out the account in the data's region (earthdataRoute.ts). */
  readonly earthdata?: Location['earthdata'];
};

const GIB = 1024 ** 3;

type Where = 'same-region' | 'cross-region' | 'internet';

interface TreeResult {
  readonly leaf: RouteLeaf;
  readonly inCloud: boolean;
  /** Where the bytes would travel if fetched from S3, for the price. */
  readonly where: Where;
}

function contextEvidence(context: CloudContext): string[] {
  const all = context.evidence ?? [];
  const weighty = all.filter((e) => e.weight !== 'none');
  return (weighty.length ? weighty : all).slice(0, 4).map((e) => `${e.signal}: ${e.said}`);
}

function credentialsText(identity: RouteIdentity): string {
  if (!identity.hasCredentials) return 'none (anonymous)';
  const src = identity.source ?? 'unknown source';
  return identity.profile ? `yes (${src}, profile ${identity.profile})` : `yes (${src})`;
}

/** Region names compare case-insensitively; an empty one is unknown. */
function normRegion(r: string | null | undefined): string | null {
  const t = (r ?? '').trim().toLowerCase();
  return t === '' ? null : t;
}

/** Walks the tree and records each question; never throws. */
function walk(
  context: CloudContext,
  loc: RoutableLocation,
  identity: RouteIdentity,
  policy: RoutePolicy,
  steps: RouteStep[],
  warnings: string[],
): TreeResult {
  const platform = context.platform ?? null;
  // 1. Where does this code run?
  let inCloud: boolean;
  if (platform) {
    inCloud = true;
    steps.push({
      node: 'in-cloud',
      question: 'Is this machine in the cloud?',
      answer: `yes: science platform ${platform.name}`,
      evidence: [
        `platform ${platform.name} (${platform.how})${platform.region ? ` in ${platform.region}` : ''}`,
        ...contextEvidence(context),
      ],
    });
  } else if (context.inCloud === true && context.provider !== null && context.provider !== 'aws') {
    inCloud = false;
    steps.push({
      node: 'in-cloud',
      question: 'Is this machine in the cloud?',
      answer: `yes, but in ${context.provider}, not AWS: treated as not in the cloud`,
      evidence: [
        'S3 data reached from another cloud crosses the internet like from a laptop',
        ...contextEvidence(context),
      ],
    });
  } else if (context.inCloud === true) {
    inCloud = true;
    steps.push({
      node: 'in-cloud',
      question: 'Is this machine in the cloud?',
      answer: `yes: AWS${context.service ? ` ${SERVICE_NAMES[context.service]}` : ''}${context.region ? ` in ${context.region}` : ''}`,
      evidence: contextEvidence(context),
    });
  } else if (context.inCloud === false) {
    inCloud = false;
    steps.push({
      node: 'in-cloud',
      question: 'Is this machine in the cloud?',
      answer: 'no',
      evidence: contextEvidence(context),
    });
  } else if (policy.unknownContext === 'as-in-cloud') {
    inCloud = true;
    steps.push({
      node: 'in-cloud',
      question: 'Is this machine in the cloud?',
      answer: 'unknown, treated as in cloud (policy unknownContext=as-in-cloud)',
      evidence: contextEvidence(context),
    });
    warnings.push('Could not tell whether this machine runs in AWS; the policy treats it as in the cloud');
  } else {
    inCloud = false;
    steps.push({
      node: 'in-cloud',
      question: 'Is this machine in the cloud?',
      answer: 'unknown, treated as not in cloud',
      evidence: contextEvidence(context),
    });
    warnings.push(
      'Could not tell whether this machine runs in AWS (e.g. instance metadata blocked); treated as not in the cloud, so HTTPS is used. Declare a platform (CDR_PLATFORM) or set the unknown-context policy to change this',
    );
  }
  if (!inCloud) return { leaf: 'user-not-in-cloud', inCloud, where: 'internet' };

  // 2. Is there a cloud copy?
  if (!loc.s3Uri) {
    steps.push({
      node: 'data-in-cloud',
      question: 'Is the requested data in the cloud?',
      answer: 'no',
      evidence: [`no S3 copy known for ${loc.input}`],
    });
    return { leaf: 'data-not-in-cloud', inCloud, where: 'internet' };
  }
  steps.push({
    node: 'data-in-cloud',
    question: 'Is the requested data in the cloud?',
    answer: `yes: ${loc.s3Uri}`,
    evidence: [
      loc.region ? `bucket ${loc.bucket ?? '?'} is in ${loc.region}` : `region of bucket ${loc.bucket ?? '?'} unknown`,
      loc.requesterPays ? 'bucket is requester-pays' : 'bucket is not requester-pays',
    ],
  });

  const computeRegion = platform
    ? (normRegion(platform.region) ?? normRegion(context.region))
    : normRegion(context.region);
  const dataRegion = normRegion(loc.region);
  const regionEvidence = [`compute region: ${computeRegion ?? 'unknown'}`, `data region: ${dataRegion ?? 'unknown'}`];
  if (loc.earthdata)
    return {
      ...earthdataBranch({ ...loc, earthdata: loc.earthdata }, computeRegion, dataRegion, regionEvidence, steps),
      inCloud,
    };

  // 3. Whose account?
  if (platform) {
    const differs = computeRegion !== null && dataRegion !== null && computeRegion !== dataRegion;
    if (!differs) {
      steps.push({
        node: 'account',
        question: 'Who provides the cloud account?',
        answer: `the platform ${platform.name}: compute and data co-located by design`,
        evidence: regionEvidence,
      });
      return { leaf: 'platform-account', inCloud, where: 'same-region' };
    }
    // Decided: a platform does not move the data; the file is treated as cross-region within its account.
    steps.push({
      node: 'account',
      question: 'Who provides the cloud account?',
      answer: `the platform ${platform.name}, but it runs in ${computeRegion} and the data is in ${dataRegion}: treated as cross-region within the platform account`,
      evidence: regionEvidence,
    });
    warnings.push(
      `Platform ${platform.name} runs in ${computeRegion} but ${loc.s3Uri} is in ${dataRegion}: not co-located, so the cross-region rules apply`,
    );
  } else {
    steps.push({
      node: 'account',
      question: 'Who provides the cloud account?',
      answer: 'your own account',
      evidence: [`credentials: ${credentialsText(identity)}`],
    });
    // 4. Same region?
    if (computeRegion !== null && dataRegion !== null && computeRegion === dataRegion) {
      steps.push({
        node: 'same-region',
        question: 'Are compute and data in the same region?',
        answer: `yes: ${computeRegion}`,
        evidence: regionEvidence,
      });
      return { leaf: 'same-region', inCloud, where: 'same-region' };
    }
    const why =
      computeRegion === null || dataRegion === null
        ? 'unknown, treated as different regions'
        : `no: ${computeRegion} vs ${dataRegion}`;
    steps.push({
      node: 'same-region',
      question: 'Are compute and data in the same region?',
      answer: why,
      evidence: regionEvidence,
    });
  }

  // 5. Credentials?
  if (!identity.hasCredentials) {
    steps.push({
      node: 'credentials',
      question: 'Are there AWS credentials?',
      answer: 'no (anonymous)',
      evidence: ['cross-region S3 needs an account to bill; HTTPS is free to you'],
    });
    return { leaf: 'cross-region-anonymous', inCloud, where: 'cross-region' };
  }
  steps.push({
    node: 'credentials',
    question: 'Are there AWS credentials?',
    answer: credentialsText(identity),
    evidence: [],
  });

  // 6. Cross-region allowed?
  if (policy.allowCrossRegion) {
    steps.push({
      node: 'cross-region-allowed',
      question: 'Is cross-region transfer allowed?',
      answer: 'yes',
      evidence: ['policy allowCrossRegion=true (setting or --allow-cross-region)'],
    });
    return { leaf: 'cross-region-requester-pays', inCloud, where: 'cross-region' };
  }
  steps.push({
    node: 'cross-region-allowed',
    question: 'Is cross-region transfer allowed?',
    answer: 'no',
    evidence: ['policy allowCrossRegion=false (the default; --allow-cross-region to change)'],
  });
  warnings.push(
    `${loc.s3Uri} is in ${dataRegion ?? 'an unknown region'}, not this machine's region (${computeRegion ?? 'unknown'}); cross-region S3 transfer is not allowed, falling back to HTTPS`,
  );
  return { leaf: 'cross-region-not-allowed', inCloud, where: 'cross-region' };
}

function noHttpCopyError(
  loc: RoutableLocation,
  identity: RouteIdentity,
  leaf: RouteLeaf,
  forcedHttp: boolean,
  policy: RoutePolicy,
): string {
  const what = `${loc.input} has no free HTTP copy${loc.requesterPays && loc.bucket ? ` (bucket ${loc.bucket} is requester-pays)` : ''}`;
  const configure = 'configure AWS credentials (aws configure, then --profile P or AWS_PROFILE)';
  if (forcedHttp) return `${what}: use --via auto or --via s3`;
  if (!loc.s3Uri) return `${what} and no cloud copy: nothing can fetch it`;
  if (leaf === 'user-not-in-cloud') {
    return `${what}: from outside AWS the only way is S3 paid by your account (about $${policy.prices.internetPerGB}/GB internet egress): ${identity.hasCredentials ? '' : `${configure} and `}use --via s3 to accept`;
  }
  if (!identity.hasCredentials)
    return `${what}: S3 needs AWS credentials whose account pays for the transfer; configure them (aws configure, then --profile P or AWS_PROFILE) and run again`;
  return `${what}: allow cross-region transfer (--allow-cross-region) to fetch it over S3 at your account's cost (about $${policy.prices.crossRegionPerGB}/GB)`;
}

function cost(via: Via, loc: RoutableLocation, where: Where, policy: RoutePolicy, steps: RouteStep[]): number | null {
  const question = 'Who pays for the transfer?';
  if (via === 'http') {
    let host = 'the archive';
    try {
      if (loc.httpUrl) host = new URL(loc.httpUrl).host;
    } catch {
      // keep the generic name
    }
    steps.push({
      node: 'cost',
      question,
      answer: 'the archive: HTTPS egress is paid by its host, nothing by your AWS account',
      evidence: [`served by ${host}`],
    });
    return 0;
  }
  if (!loc.requesterPays) {
    steps.push({
      node: 'cost',
      question,
      answer: 'the bucket owner (open data): nothing for your AWS account',
      evidence: [`bucket ${loc.bucket ?? '?'} is not requester-pays`],
    });
    return 0;
  }
  const rate =
    where === 'same-region'
      ? policy.prices.sameRegionPerGB
      : where === 'cross-region'
        ? policy.prices.crossRegionPerGB
        : policy.prices.internetPerGB;
  const label = where === 'same-region' ? 'same-region' : where === 'cross-region' ? 'cross-region' : 'internet egress';
  if (loc.bytes === null || !Number.isFinite(loc.bytes) || loc.bytes < 0) {
    steps.push({
      node: 'cost',
      question,
      answer: `your account (requester pays): $${rate}/GB ${label}, size unknown`,
      evidence: [],
    });
    return rate === 0 ? 0 : null;
  }
  const usd = Math.round((loc.bytes / GIB) * rate * 10_000) / 10_000;
  steps.push({
    node: 'cost',
    question,
    answer: `your account (requester pays): about $${usd}`,
    evidence: [`${loc.bytes} bytes × $${rate}/GB ${label}`],
  });
  return usd;
}

function loginWarning(login: string): string {
  if (login === 'mast') {
    return 'MAST serves exclusive-access (proprietary) files only with a MAST token (Authorization: token …, from https://auth.mast.stsci.edu/token); public files need none';
  }
  return `${login} may ask for a login for this file`;
}

/** Pure and total: any inputs give one of the seven leaves; problems are reported in `error`. */
export function decide(
  context: CloudContext,
  location: RoutableLocation,
  identity: RouteIdentity,
  policy: RoutePolicy,
): Route {
  const steps: RouteStep[] = [];
  const warnings: string[] = [...(location.notes ?? [])];
  const tree = walk(context, location, identity, policy, steps, warnings);
  const treeVia = LEAF_VIA[tree.leaf];
  let via: Via = treeVia;
  let forced: Route['forced'];
  let error: string | undefined;
  if (policy.via === 's3' || policy.via === 'http') {
    forced = { requested: policy.via, treeWouldChoose: treeVia };
    via = policy.via;
    steps.push({
      node: 'forced',
      question: 'Was the transport forced?',
      answer: `yes: ${policy.via} (the tree would choose ${treeVia})`,
      evidence: ['setting or --via'],
    });
  }
  if (via === 's3' && !location.s3Uri) {
    // Never S3 without a cloud copy, even when forced.
    via = 'http';
    error = `Cannot use S3 for ${location.input}: it has no known cloud copy`;
  }
  if (via === 's3' && location.earthdata && !error)
    error = earthdataForcedS3Error({ ...location, earthdata: location.earthdata }, tree.leaf);
  if (via === 's3' && location.requesterPays && !identity.hasCredentials) {
    error = `${location.s3Uri} is in a requester-pays bucket: S3 needs AWS credentials whose account pays for the transfer; configure a profile (aws configure, then --profile P or AWS_PROFILE) and run again`;
  }
  if (via === 'http' && !location.httpUrl && !error) {
    error = location.earthdata
      ? earthdataNoHttpsError({ ...location, earthdata: location.earthdata })
      : noHttpCopyError(location, identity, tree.leaf, forced?.requested === 'http', policy);
  }
  // Earthdata names its login in `credentials` instead.
  if (via === 'http' && location.httpLogin && location.httpUrl && !location.earthdata)
    warnings.push(loginWarning(location.httpLogin));
  const where: Where = tree.inCloud ? tree.where : 'internet';
  const estimatedCostUsd = cost(via, location, where, policy, steps);
  return {
    uri: location.input,
    via,
    leaf: tree.leaf,
    requesterPays: via === 's3' && (location.requesterPays || tree.leaf === 'cross-region-requester-pays'),
    s3Uri: location.s3Uri,
    httpUrl: location.httpUrl,
    steps,
    warnings,
    // NaN, Infinity or negative sizes are not facts; keep the route plain JSON.
    bytes: location.bytes !== null && Number.isFinite(location.bytes) && location.bytes >= 0 ? location.bytes : null,
    estimatedCostUsd,
    ...(forced ? { forced } : {}),
    ...(error ? { error } : {}),
    ...(location.earthdata
      ? { credentials: earthdataCredentials(via, { ...location, earthdata: location.earthdata }) }
      : {}),
  };
}
