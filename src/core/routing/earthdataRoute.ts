// Pure: the Earthdata branch of the tree — in the data's region the DAAC hands out the account (temporary S3 keys from
// its s3credentials endpoint, valid there only); anywhere else HTTPS with the Earthdata login.
import type { EarthdataFacts } from '../catalog/types';
import type { Message } from '../messages';
import { routeMessage as m, routeStep as step } from './routeMessages';
import type { RouteLeaf, RouteStep, Via } from './types';

export interface EarthdataRoutable {
  readonly input: string;
  readonly s3Uri: string | null;
  readonly httpUrl: string | null;
  readonly earthdata: EarthdataFacts;
}

function daacName(loc: EarthdataRoutable): Message {
  return loc.earthdata.daac ? m('route.earthdata.daac', loc.earthdata.daac) : m('route.earthdata.any');
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
  regionEvidence: readonly Message[],
  steps: RouteStep[],
): { readonly leaf: RouteLeaf; readonly where: 'same-region' | 'cross-region' } {
  const cred = loc.earthdata.s3CredentialsUrl;
  const same = computeRegion !== null && dataRegion !== null && computeRegion === dataRegion;
  const accountQ = m('route.question.account');
  if (same && cred) {
    steps.push(
      step('account', accountQ, m('route.earthdata.account-in-region', daacName(loc), cred, dataRegion), [
        ...regionEvidence,
        m('route.earthdata.why-in-region'),
      ]),
    );
    return { leaf: 'platform-account', where: 'same-region' };
  }
  steps.push(
    step(
      'account',
      accountQ,
      cred
        ? m(
            'route.earthdata.account-out-of-region',
            daacName(loc),
            dataRegion ?? m('route.earthdata.data-region-unknown'),
          )
        : m('route.earthdata.account-no-endpoint', daacName(loc)),
      [cred ? m('route.earthdata.endpoint', cred) : m('route.earthdata.endpoint-none')],
    ),
  );
  steps.push(
    step(
      'same-region',
      m('route.question.same-region'),
      same
        ? m('route.earthdata.same-region-yes', computeRegion)
        : computeRegion && dataRegion
          ? m('route.earthdata.same-region-no', computeRegion, dataRegion)
          : m('route.earthdata.same-region-unknown'),
      [...regionEvidence],
    ),
  );
  steps.push(
    step('credentials', m('route.question.credentials'), m('route.earthdata.no-usable-credentials'), [
      m('route.earthdata.https-anywhere'),
    ]),
  );
  return { leaf: 'cross-region-anonymous', where: 'cross-region' };
}

/** Which credentials the route uses, for the explanation: the DAAC's temporary keys or the Earthdata login. */
export function earthdataCredentials(via: Via, loc: EarthdataRoutable): Message {
  if (via === 's3')
    return loc.earthdata.s3CredentialsUrl
      ? m('route.earthdata.credentials-s3', loc.earthdata.s3CredentialsUrl)
      : m('route.earthdata.credentials-s3-none');
  let host: string | Message = m('route.earthdata.the-daac');
  try {
    if (loc.httpUrl) host = new URL(loc.httpUrl).host;
  } catch {
    // keep the generic name
  }
  return m('route.earthdata.credentials-https', host);
}

/** S3 forced where the DAAC's keys do not work: say why rather than fail 400 files with 403. */
export function earthdataForcedS3Error(loc: EarthdataRoutable, leaf: RouteLeaf): Message | undefined {
  if (leaf === 'platform-account') return undefined;
  return m('route.error.earthdata-forced-s3', loc.input);
}

export function earthdataNoHttpsError(loc: EarthdataRoutable): Message {
  return m('route.error.earthdata-no-https', loc.input);
}
