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
import { dataMessage, render, type Message } from '../messages';
import { routeMessage as m, routeStep } from './routeMessages';
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

const step = routeStep;

function contextEvidence(context: CloudContext): Message[] {
  const all = context.evidence ?? [];
  const weighty = all.filter((e) => e.weight !== 'none');
  return (weighty.length ? weighty : all)
    .slice(0, 4)
    .map((e) => m('route.evidence.signal', e.signal, e.message ?? dataMessage(e.said)));
}

function credentialsText(identity: RouteIdentity): Message {
  if (!identity.hasCredentials) return m('route.credentials.none');
  const src = identity.source;
  if (identity.profile)
    return src
      ? m('route.credentials.yes-profile', src, identity.profile)
      : m('route.credentials.yes-unknown-profile', identity.profile);
  return src ? m('route.credentials.yes', src) : m('route.credentials.yes-unknown');
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
  warnings: Message[],
): TreeResult {
  const platform = context.platform ?? null;
  // 1. Where does this code run?
  const inCloudQ = m('route.question.in-cloud');
  let inCloud: boolean;
  if (platform) {
    inCloud = true;
    const how = platform.how === 'declared' ? 'declared' : 'detected';
    steps.push(
      step('in-cloud', inCloudQ, m('route.in-cloud.platform', platform.name), [
        platform.region
          ? m(`route.in-cloud.platform-${how}-region`, platform.name, platform.region)
          : m(`route.in-cloud.platform-${how}`, platform.name),
        ...contextEvidence(context),
      ]),
    );
  } else if (context.inCloud === true && context.provider !== null && context.provider !== 'aws') {
    inCloud = false;
    steps.push(
      step('in-cloud', inCloudQ, m('route.in-cloud.other-cloud', context.provider), [
        m('route.in-cloud.other-cloud-why'),
        ...contextEvidence(context),
      ]),
    );
  } else if (context.inCloud === true) {
    inCloud = true;
    const service = context.service ? SERVICE_NAMES[context.service] : null;
    const answer =
      service && context.region
        ? m('route.in-cloud.aws-service-region', service, context.region)
        : service
          ? m('route.in-cloud.aws-service', service)
          : context.region
            ? m('route.in-cloud.aws-region', context.region)
            : m('route.in-cloud.aws');
    steps.push(step('in-cloud', inCloudQ, answer, contextEvidence(context)));
  } else if (context.inCloud === false) {
    inCloud = false;
    steps.push(step('in-cloud', inCloudQ, m('route.answer.no'), contextEvidence(context)));
  } else if (policy.unknownContext === 'as-in-cloud') {
    inCloud = true;
    steps.push(step('in-cloud', inCloudQ, m('route.in-cloud.unknown-as-in'), contextEvidence(context)));
    warnings.push(m('route.warning.unknown-as-in'));
  } else {
    inCloud = false;
    steps.push(step('in-cloud', inCloudQ, m('route.in-cloud.unknown-as-not'), contextEvidence(context)));
    warnings.push(m('route.warning.unknown-as-not'));
  }
  if (!inCloud) return { leaf: 'user-not-in-cloud', inCloud, where: 'internet' };

  // 2. Is there a cloud copy?
  const dataQ = m('route.question.data-in-cloud');
  if (!loc.s3Uri) {
    steps.push(step('data-in-cloud', dataQ, m('route.answer.no'), [m('route.data.no-copy', loc.input)]));
    return { leaf: 'data-not-in-cloud', inCloud, where: 'internet' };
  }
  steps.push(
    step('data-in-cloud', dataQ, m('route.data.yes', loc.s3Uri), [
      loc.region
        ? m('route.data.bucket-region', loc.bucket ?? '?', loc.region)
        : m('route.data.bucket-region-unknown', loc.bucket ?? '?'),
      loc.requesterPays ? m('route.data.requester-pays') : m('route.data.not-requester-pays'),
    ]),
  );

  const computeRegion = platform
    ? (normRegion(platform.region) ?? normRegion(context.region))
    : normRegion(context.region);
  const dataRegion = normRegion(loc.region);
  const regionEvidence = [
    computeRegion ? m('route.region.compute', computeRegion) : m('route.region.compute-unknown'),
    dataRegion ? m('route.region.data', dataRegion) : m('route.region.data-unknown'),
  ];
  if (loc.earthdata)
    return {
      ...earthdataBranch({ ...loc, earthdata: loc.earthdata }, computeRegion, dataRegion, regionEvidence, steps),
      inCloud,
    };

  // 3. Whose account?
  const accountQ = m('route.question.account');
  const sameRegionQ = m('route.question.same-region');
  if (platform) {
    const differs = computeRegion !== null && dataRegion !== null && computeRegion !== dataRegion;
    if (!differs) {
      steps.push(step('account', accountQ, m('route.account.platform', platform.name), regionEvidence));
      return { leaf: 'platform-account', inCloud, where: 'same-region' };
    }
    // Decided: a platform does not move the data; the file is treated as cross-region within its account.
    steps.push(
      step(
        'account',
        accountQ,
        m('route.account.platform-elsewhere', platform.name, computeRegion, dataRegion),
        regionEvidence,
      ),
    );
    warnings.push(m('route.warning.platform-elsewhere', platform.name, computeRegion, loc.s3Uri, dataRegion));
  } else {
    steps.push(
      step('account', accountQ, m('route.account.own'), [m('route.account.credentials', credentialsText(identity))]),
    );
    // 4. Same region?
    if (computeRegion !== null && dataRegion !== null && computeRegion === dataRegion) {
      steps.push(step('same-region', sameRegionQ, m('route.same-region.yes', computeRegion), regionEvidence));
      return { leaf: 'same-region', inCloud, where: 'same-region' };
    }
    const why =
      computeRegion === null || dataRegion === null
        ? m('route.same-region.unknown')
        : m('route.same-region.no', computeRegion, dataRegion);
    steps.push(step('same-region', sameRegionQ, why, regionEvidence));
  }

  // 5. Credentials?
  const credentialsQ = m('route.question.credentials');
  if (!identity.hasCredentials) {
    steps.push(step('credentials', credentialsQ, m('route.credentials.no'), [m('route.credentials.anonymous-why')]));
    return { leaf: 'cross-region-anonymous', inCloud, where: 'cross-region' };
  }
  steps.push(step('credentials', credentialsQ, credentialsText(identity), []));

  // 6. Cross-region allowed?
  const allowedQ = m('route.question.cross-region-allowed');
  if (policy.allowCrossRegion) {
    steps.push(step('cross-region-allowed', allowedQ, m('route.answer.yes'), [m('route.cross-region.allowed')]));
    return { leaf: 'cross-region-requester-pays', inCloud, where: 'cross-region' };
  }
  steps.push(step('cross-region-allowed', allowedQ, m('route.answer.no'), [m('route.cross-region.not-allowed')]));
  warnings.push(
    dataRegion && computeRegion
      ? m('route.warning.cross-region', loc.s3Uri, dataRegion, computeRegion)
      : computeRegion
        ? m('route.warning.cross-region-unknown-data', loc.s3Uri, computeRegion)
        : dataRegion
          ? m('route.warning.cross-region-unknown-compute', loc.s3Uri, dataRegion)
          : m('route.warning.cross-region-unknown-both', loc.s3Uri),
  );
  return { leaf: 'cross-region-not-allowed', inCloud, where: 'cross-region' };
}

function noHttpCopyError(
  loc: RoutableLocation,
  identity: RouteIdentity,
  leaf: RouteLeaf,
  forcedHttp: boolean,
  policy: RoutePolicy,
): Message {
  const what =
    loc.requesterPays && loc.bucket
      ? m('route.error.no-http-requester-pays', loc.input, loc.bucket)
      : m('route.error.no-http', loc.input);
  if (forcedHttp) return m('route.error.forced-http', what);
  if (!loc.s3Uri) return m('route.error.nothing', what);
  if (leaf === 'user-not-in-cloud') {
    const price = policy.prices.internetPerGB;
    return identity.hasCredentials
      ? m('route.error.outside-aws', what, price)
      : m('route.error.outside-aws-anonymous', what, price);
  }
  if (!identity.hasCredentials) return m('route.error.needs-credentials', what);
  return m('route.error.allow-cross-region', what, policy.prices.crossRegionPerGB);
}

function cost(via: Via, loc: RoutableLocation, where: Where, policy: RoutePolicy, steps: RouteStep[]): number | null {
  const question = m('route.question.cost');
  if (via === 'http') {
    let host: string | null = null;
    try {
      if (loc.httpUrl) host = new URL(loc.httpUrl).host;
    } catch {
      // keep the generic name
    }
    steps.push(
      step('cost', question, m('route.cost.archive'), [
        host ? m('route.cost.served-by', host) : m('route.cost.served-by-archive'),
      ]),
    );
    return 0;
  }
  if (!loc.requesterPays) {
    steps.push(step('cost', question, m('route.cost.owner'), [m('route.cost.not-requester-pays', loc.bucket ?? '?')]));
    return 0;
  }
  const rate =
    where === 'same-region'
      ? policy.prices.sameRegionPerGB
      : where === 'cross-region'
        ? policy.prices.crossRegionPerGB
        : policy.prices.internetPerGB;
  const label = where === 'same-region' ? 'same-region' : where === 'cross-region' ? 'cross-region' : 'internet';
  if (loc.bytes === null || !Number.isFinite(loc.bytes) || loc.bytes < 0) {
    steps.push(step('cost', question, m(`route.cost.size-unknown-${label}`, rate), []));
    return rate === 0 ? 0 : null;
  }
  const usd = Math.round((loc.bytes / GIB) * rate * 10_000) / 10_000;
  steps.push(step('cost', question, m('route.cost.about', usd), [m(`route.cost.bytes-${label}`, loc.bytes, rate)]));
  return usd;
}

function loginWarning(login: string): Message {
  if (login === 'mast') return m('route.warning.mast-login');
  return m('route.warning.login', login);
}

/** Pure and total: any inputs give one of the seven leaves; problems are reported in `error`. */
export function decide(
  context: CloudContext,
  location: RoutableLocation,
  identity: RouteIdentity,
  policy: RoutePolicy,
): Route {
  const steps: RouteStep[] = [];
  // The catalog's notes are its own sentences (an archive's answer, a lookup error): shown as data.
  const warnings: Message[] = (location.notes ?? []).map(dataMessage);
  const tree = walk(context, location, identity, policy, steps, warnings);
  const treeVia = LEAF_VIA[tree.leaf];
  let via: Via = treeVia;
  let forced: Route['forced'];
  let error: Message | undefined;
  if (policy.via === 's3' || policy.via === 'http') {
    forced = { requested: policy.via, treeWouldChoose: treeVia };
    via = policy.via;
    steps.push(
      step('forced', m('route.question.forced'), m('route.forced.yes', policy.via, treeVia), [m('route.forced.why')]),
    );
  }
  if (via === 's3' && !location.s3Uri) {
    // Never S3 without a cloud copy, even when forced.
    via = 'http';
    error = m('route.error.no-cloud-copy', location.input);
  }
  if (via === 's3' && location.earthdata && !error)
    error = earthdataForcedS3Error({ ...location, earthdata: location.earthdata }, tree.leaf);
  if (via === 's3' && location.requesterPays && !identity.hasCredentials) {
    error = m('route.error.requester-pays-anonymous', location.s3Uri ?? '?');
  }
  if (via === 'http' && !location.httpUrl && !error) {
    error = location.earthdata
      ? earthdataNoHttpsError({ ...location, earthdata: location.earthdata })
      : noHttpCopyError(location, identity, tree.leaf, forced?.requested === 'http', policy);
  }
  // Earthdata names its login in `credentials` instead.
  if (via === 'http' && location.httpLogin && location.httpUrl && !location.earthdata)
    warnings.push(loginWarning(location.httpLogin));
  const credentials = location.earthdata
    ? earthdataCredentials(via, { ...location, earthdata: location.earthdata })
    : null;
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
    warnings: warnings.map(render),
    warningMessages: warnings,
    // NaN, Infinity or negative sizes are not facts; keep the route plain JSON.
    bytes: location.bytes !== null && Number.isFinite(location.bytes) && location.bytes >= 0 ? location.bytes : null,
    estimatedCostUsd,
    ...(forced ? { forced } : {}),
    ...(error ? { error: render(error), errorMessage: error } : {}),
    ...(credentials ? { credentials: render(credentials), credentialsMessage: credentials } : {}),
  };
}
