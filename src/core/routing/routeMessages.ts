// Pure: the English of every route explanation (steps, warnings, errors) under a stable id; the extension's
// generated table (src/extension/coreMessages.ts) turns each into a literal `l10n.t` so translators get them.
import { messagesOf, render, type Message } from '../messages';
import type { RouteNode, RouteStep } from './types';

export const ROUTE_MESSAGES = {
  'route.question.in-cloud': 'Is this machine in the cloud?',
  'route.question.data-in-cloud': 'Is the requested data in the cloud?',
  'route.question.account': 'Who provides the cloud account?',
  'route.question.same-region': 'Are compute and data in the same region?',
  'route.question.credentials': 'Are there AWS credentials?',
  'route.question.cross-region-allowed': 'Is cross-region transfer allowed?',
  'route.question.forced': 'Was the transport forced?',
  'route.question.cost': 'Who pays for the transfer?',
  'route.answer.yes': 'yes',
  'route.answer.no': 'no',
  'route.evidence.signal': '{0}: {1}',

  'route.in-cloud.platform': 'yes: science platform {0}',
  'route.in-cloud.platform-declared': 'platform {0} (declared)',
  'route.in-cloud.platform-declared-region': 'platform {0} (declared) in {1}',
  'route.in-cloud.platform-detected': 'platform {0} (detected)',
  'route.in-cloud.platform-detected-region': 'platform {0} (detected) in {1}',
  'route.in-cloud.other-cloud': 'yes, but in {0}, not AWS: treated as not in the cloud',
  'route.in-cloud.other-cloud-why': 'S3 data reached from another cloud crosses the internet like from a laptop',
  'route.in-cloud.aws': 'yes: AWS',
  'route.in-cloud.aws-service': 'yes: AWS {0}',
  'route.in-cloud.aws-region': 'yes: AWS in {0}',
  'route.in-cloud.aws-service-region': 'yes: AWS {0} in {1}',
  'route.in-cloud.unknown-as-in': 'unknown, treated as in cloud (policy unknownContext=as-in-cloud)',
  'route.in-cloud.unknown-as-not': 'unknown, treated as not in cloud',
  'route.warning.unknown-as-in':
    'Could not tell whether this machine runs in AWS; the policy treats it as in the cloud',
  'route.warning.unknown-as-not':
    'Could not tell whether this machine runs in AWS (e.g. instance metadata blocked); treated as not in the cloud, so HTTPS is used. Declare a platform (CDR_PLATFORM) or set the unknown-context policy to change this',

  'route.data.no-copy': 'no S3 copy known for {0}',
  'route.data.yes': 'yes: {0}',
  'route.data.bucket-region': 'bucket {0} is in {1}',
  'route.data.bucket-region-unknown': 'region of bucket {0} unknown',
  'route.data.requester-pays': 'bucket is requester-pays',
  'route.data.not-requester-pays': 'bucket is not requester-pays',
  'route.region.compute': 'compute region: {0}',
  'route.region.compute-unknown': 'compute region: unknown',
  'route.region.data': 'data region: {0}',
  'route.region.data-unknown': 'data region: unknown',

  'route.account.platform': 'the platform {0}: compute and data co-located by design',
  'route.account.platform-elsewhere':
    'the platform {0}, but it runs in {1} and the data is in {2}: treated as cross-region within the platform account',
  'route.warning.platform-elsewhere':
    'Platform {0} runs in {1} but {2} is in {3}: not co-located, so the cross-region rules apply',
  'route.account.own': 'your own account',
  'route.account.credentials': 'credentials: {0}',

  'route.same-region.yes': 'yes: {0}',
  'route.same-region.unknown': 'unknown, treated as different regions',
  'route.same-region.no': 'no: {0} vs {1}',

  'route.credentials.none': 'none (anonymous)',
  'route.credentials.no': 'no (anonymous)',
  'route.credentials.yes': 'yes ({0})',
  'route.credentials.yes-unknown': 'yes (unknown source)',
  'route.credentials.yes-profile': 'yes ({0}, profile {1})',
  'route.credentials.yes-unknown-profile': 'yes (unknown source, profile {0})',
  'route.credentials.anonymous-why': 'cross-region S3 needs an account to bill; HTTPS is free to you',

  'route.cross-region.allowed': 'policy allowCrossRegion=true (setting or --allow-cross-region)',
  'route.cross-region.not-allowed': 'policy allowCrossRegion=false (the default; --allow-cross-region to change)',
  'route.warning.cross-region':
    "{0} is in {1}, not this machine's region ({2}); cross-region S3 transfer is not allowed, falling back to HTTPS",
  'route.warning.cross-region-unknown-data':
    "{0} is in an unknown region, not this machine's region ({1}); cross-region S3 transfer is not allowed, falling back to HTTPS",
  'route.warning.cross-region-unknown-compute':
    "{0} is in {1}, not this machine's region (unknown); cross-region S3 transfer is not allowed, falling back to HTTPS",
  'route.warning.cross-region-unknown-both':
    "{0} is in an unknown region, not this machine's region (unknown); cross-region S3 transfer is not allowed, falling back to HTTPS",

  'route.forced.yes': 'yes: {0} (the tree would choose {1})',
  'route.forced.why': 'setting or --via',

  'route.cost.archive': 'the archive: HTTPS egress is paid by its host, nothing by your AWS account',
  'route.cost.served-by': 'served by {0}',
  'route.cost.served-by-archive': 'served by the archive',
  'route.cost.owner': 'the bucket owner (open data): nothing for your AWS account',
  'route.cost.not-requester-pays': 'bucket {0} is not requester-pays',
  'route.cost.size-unknown-same-region': 'your account (requester pays): ${0}/GB same-region, size unknown',
  'route.cost.size-unknown-cross-region': 'your account (requester pays): ${0}/GB cross-region, size unknown',
  'route.cost.size-unknown-internet': 'your account (requester pays): ${0}/GB internet egress, size unknown',
  'route.cost.about': 'your account (requester pays): about ${0}',
  'route.cost.bytes-same-region': '{0} bytes × ${1}/GB same-region',
  'route.cost.bytes-cross-region': '{0} bytes × ${1}/GB cross-region',
  'route.cost.bytes-internet': '{0} bytes × ${1}/GB internet egress',

  'route.warning.mast-login':
    'MAST serves exclusive-access (proprietary) files only with a MAST token (Authorization: token …, from https://auth.mast.stsci.edu/token); public files need none',
  'route.warning.login': '{0} may ask for a login for this file',

  'route.error.no-cloud-copy': 'Cannot use S3 for {0}: it has no known cloud copy',
  'route.error.requester-pays-anonymous':
    '{0} is in a requester-pays bucket: S3 needs AWS credentials whose account pays for the transfer; configure a profile (aws configure, then --profile P or AWS_PROFILE) and run again',
  'route.error.no-http': '{0} has no free HTTP copy',
  'route.error.no-http-requester-pays': '{0} has no free HTTP copy (bucket {1} is requester-pays)',
  'route.error.forced-http': '{0}: use --via auto or --via s3',
  'route.error.nothing': '{0} and no cloud copy: nothing can fetch it',
  'route.error.outside-aws':
    '{0}: from outside AWS the only way is S3 paid by your account (about ${1}/GB internet egress): use --via s3 to accept',
  'route.error.outside-aws-anonymous':
    '{0}: from outside AWS the only way is S3 paid by your account (about ${1}/GB internet egress): configure AWS credentials (aws configure, then --profile P or AWS_PROFILE) and use --via s3 to accept',
  'route.error.needs-credentials':
    '{0}: S3 needs AWS credentials whose account pays for the transfer; configure them (aws configure, then --profile P or AWS_PROFILE) and run again',
  'route.error.allow-cross-region':
    "{0}: allow cross-region transfer (--allow-cross-region) to fetch it over S3 at your account's cost (about ${1}/GB)",

  'route.earthdata.daac': 'Earthdata DAAC {0}',
  'route.earthdata.any': 'Earthdata',
  'route.earthdata.account-in-region': 'the data provider ({0}): temporary S3 credentials from {1}, valid in {2} only',
  'route.earthdata.why-in-region': 'NASA Earthdata Cloud hands out in-region read access to its own buckets',
  'route.earthdata.account-out-of-region': 'the data provider ({0}), but its temporary S3 credentials work only in {1}',
  'route.earthdata.data-region-unknown': "the data's region (unknown)",
  'route.earthdata.account-no-endpoint':
    'the data provider ({0}), but no s3credentials endpoint is known for this data',
  'route.earthdata.endpoint': 's3credentials: {0}',
  'route.earthdata.endpoint-none': 's3credentials: none known',
  'route.earthdata.same-region-yes': 'yes: {0}',
  'route.earthdata.same-region-no': 'no: {0} vs {1}',
  'route.earthdata.same-region-unknown': 'unknown, treated as different regions',
  'route.earthdata.no-usable-credentials':
    'none that work here: your own AWS account cannot read the DAAC buckets, and its temporary keys are in-region only',
  'route.earthdata.https-anywhere': 'HTTPS with the Earthdata login works from anywhere',
  'route.earthdata.credentials-s3': 'Earthdata temporary credentials from {0}',
  'route.earthdata.credentials-s3-none': 'none: no s3credentials endpoint is known for this data',
  'route.earthdata.credentials-https':
    'Earthdata Login for {0} (bearer token, or the login redirect with Basic sent only to the Earthdata Login host)',
  'route.earthdata.the-daac': 'the DAAC',
  'route.error.earthdata-forced-s3':
    "Cannot use S3 for {0}: Earthdata's temporary S3 credentials work only in the data's region, from an AWS machine there; use --via auto or --via http (HTTPS with the Earthdata login)",
  'route.error.earthdata-no-https':
    "{0} has no known HTTPS link and S3 is not usable here (Earthdata's temporary credentials work only in the data's region): search CMR for the granule (cdr search) to get its HTTPS link",
} as const;

export type RouteMessageId = keyof typeof ROUTE_MESSAGES;

export const routeMessage = messagesOf(ROUTE_MESSAGES);

/** A step's texts as messages; the plain strings are their English, for the CLI and older readers. */
export function routeStep(
  node: RouteNode,
  question: Message,
  answer: Message,
  evidence: readonly Message[],
): RouteStep {
  return {
    node,
    question: render(question),
    answer: render(answer),
    evidence: evidence.map(render),
    messages: { question, answer, evidence },
  };
}
