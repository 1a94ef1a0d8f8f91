// I/O: `cdr route URI...` — for each file, S3 or HTTPS, which leaf of the tree, and why (no bytes are moved).
import { homedir } from 'node:os';
import { Catalog, parseUserBuckets, parseUserMirrors, type Location } from '../../core/catalog/index';
import { detectCloudContext, type DetectedContext } from '../../core/context/index';
import { resolveCredentialSource, type CredentialResolution } from '../../core/credentials/index';
import { credentialsProviderFor } from '../../core/credentials/credentialsProviderFor';
import { cmrSearchToken } from '../../core/earthdata/cmrToken';
import { resolveEarthdataLogin } from '../../core/earthdata/login';
import { userDaacsFromEnv } from '../../core/earthdata/userDaacs';
import { CdrError } from '../../core/errors';
import type { Message } from '../../core/messages';
import {
  DEFAULT_POLICY,
  decide,
  explainRoute,
  type Route,
  type RouteIdentity,
  type RoutePolicy,
} from '../../core/routing/index';
import { routesToPython } from '../../core/astroquery/routeToPython';
import { delegationNote } from '../../core/astroquery/delegation';
import type { CliCommand } from '../command';
import { ExitCode, type CliIo } from '../io';

type Values = Record<string, string | boolean | string[] | undefined>;

function bool(v: string | undefined, origin: string): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  const t = v.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(t)) return true;
  if (['0', 'false', 'no', 'off'].includes(t)) return false;
  throw new CdrError(`${origin} must be true or false: ${v}`, { code: 'BadInput', details: { origin } });
}

/** Flag → environment → default, as STYLE's settings chain says. */
export function routePolicyFrom(values: Values, env: CliIo['env']): RoutePolicy {
  const via = typeof values.via === 'string' ? values.via : (env.CDR_VIA ?? 'auto');
  if (via !== 'auto' && via !== 's3' && via !== 'http') {
    throw new CdrError(`${typeof values.via === 'string' ? '--via' : 'CDR_VIA'} must be auto, s3 or http: ${via}`, {
      code: 'BadInput',
    });
  }
  const unknown = env.CDR_UNKNOWN_CONTEXT ?? DEFAULT_POLICY.unknownContext;
  if (unknown !== 'as-not-in-cloud' && unknown !== 'as-in-cloud') {
    throw new CdrError(`CDR_UNKNOWN_CONTEXT must be as-not-in-cloud or as-in-cloud: ${unknown}`, { code: 'BadInput' });
  }
  return {
    ...DEFAULT_POLICY,
    via,
    unknownContext: unknown,
    allowCrossRegion:
      values['allow-cross-region'] === true ||
      (bool(env.CDR_ALLOW_CROSS_REGION, 'CDR_ALLOW_CROSS_REGION') ?? DEFAULT_POLICY.allowCrossRegion),
  };
}

const idOf = (m: Message) => m.id;

/** DESIGN's CLI contract fields, plus `forced` and `error` when set, and the texts' ids. */
function contractJson(r: Route) {
  return {
    uri: r.uri,
    via: r.via,
    leaf: r.leaf,
    requesterPays: r.requesterPays,
    s3Uri: r.s3Uri,
    httpUrl: r.httpUrl,
    steps: r.steps.map((s) => ({
      node: s.node,
      question: s.question,
      answer: s.answer,
      evidence: s.evidence,
      ids: { question: s.messages.question.id, answer: s.messages.answer.id, evidence: s.messages.evidence.map(idOf) },
    })),
    warnings: r.warnings,
    bytes: r.bytes,
    estimatedCostUsd: r.estimatedCostUsd,
    ...(r.forced ? { forced: r.forced } : {}),
    ...(r.error ? { error: r.error } : {}),
    // The stable ids of the texts above (src/core/routing/routeMessages.ts), for tools that translate or match them.
    ids: { warnings: r.warningMessages.map(idOf), ...(r.errorMessage ? { error: r.errorMessage.id } : {}) },
    ...(r.credentials ? { credentials: r.credentials } : {}),
  };
}

export interface PlannedRoutes {
  readonly credentials: CredentialResolution;
  readonly locations: readonly Location[];
  readonly routes: readonly Route[];
  readonly context: DetectedContext;
  readonly identity: RouteIdentity;
}

export interface RoutingSetup {
  readonly catalog: Catalog;
  readonly context: DetectedContext;
  readonly credentials: CredentialResolution;
  readonly identity: RouteIdentity;
}

/** The Earthdata token a CMR search may send (a valid one only); an expired one is left out, with a warning. */
export function cmrToken(io: CliIo): string | null {
  const state = resolveEarthdataLogin(io.env, { home: io.env.HOME || homedir() });
  const { token, note } = cmrSearchToken(state);
  if (note) io.logger.warn('credentials', note);
  return token;
}

export function catalogFor(io: CliIo): Catalog {
  return new Catalog({
    env: io.env,
    userBuckets: io.env.CDR_BUCKETS ? parseUserBuckets(io.env.CDR_BUCKETS, 'CDR_BUCKETS') : undefined,
    userMirrors: io.env.CDR_MIRRORS ? parseUserMirrors(io.env.CDR_MIRRORS, 'CDR_MIRRORS') : undefined,
    userDaacs: userDaacsFromEnv(io.env, io.cwd),
  });
}

/**
 * What every routed command needs besides the inputs: the cloud context, then credentials (instance-role
 * credentials only probed where the context says EC2). `alongside` runs in parallel with context detection
 * (the catalog lookups). Throws BadInput for an unknown profile.
 */
export async function prepareRouting<T>(
  catalog: Catalog,
  opts: { io: CliIo; profile?: string },
  alongside: () => Promise<T>,
): Promise<RoutingSetup & { readonly result: T }> {
  const { io, profile } = opts;
  const [context, result] = await Promise.all([
    detectCloudContext({ env: io.env, root: '/', logger: io.logger }),
    alongside(),
  ]);
  const cred = await resolveCredentialSource({
    env: io.env,
    homedir: homedir(),
    ...(profile !== undefined ? { profile } : {}),
    probeImds: context.provider === 'aws' && context.service === 'ec2',
    systemBotoConfig: io.env.CDR_SYSTEM_BOTO_CONFIG ?? '/etc/boto.cfg',
  });
  if (cred.error && cred.badInput) throw new CdrError(cred.error, { code: 'BadInput' });
  if (cred.error)
    io.logger.warn('credentials', `credentials could not be resolved, routing as anonymous: ${cred.error}`);
  const identity: RouteIdentity = {
    hasCredentials: cred.source !== null && !cred.error,
    source: cred.error ? null : cred.source,
    profile: cred.profile,
  };
  io.logger.debug(
    'routing',
    `context inCloud=${String(context.inCloud)} region=${String(context.region)} platform=${context.platform?.name ?? 'none'}; credentials ${identity.source ?? 'none'}`,
  );
  return { catalog, context, credentials: cred, identity, result };
}

/** The credentials S3 requests sign with, or undefined for anonymous (none resolved, or they failed). */
export function signingCredentials(setup: RoutingSetup, io: CliIo, profile: string | undefined) {
  const resolution = setup.credentials;
  if (resolution.source === null || resolution.error) return undefined;
  return credentialsProviderFor(resolution, {
    env: io.env,
    homedir: homedir(),
    ...(profile !== undefined ? { profile } : {}),
    probeImds: setup.context.provider === 'aws' && setup.context.service === 'ec2',
    systemBotoConfig: io.env.CDR_SYSTEM_BOTO_CONFIG ?? '/etc/boto.cfg',
  });
}

/**
 * The composition `cdr route` shares with the rest: catalog lookups and context detection in parallel, then
 * credentials, then decide(). Throws BadInput for a bad URI, setting or unknown profile before any lookup.
 */
export async function planRoutes(
  inputs: readonly string[],
  opts: { io: CliIo; policy: RoutePolicy; profile?: string },
): Promise<PlannedRoutes> {
  const catalog = catalogFor(opts.io);
  // Bad URIs are reported (exit 2) before anything touches the network.
  catalog.parse(inputs);
  const setup = await prepareRouting(catalog, opts, () => catalog.resolve(inputs));
  const locations = setup.result;
  return {
    credentials: setup.credentials,
    locations,
    routes: locations.map((l) => decide(setup.context, l, setup.identity, opts.policy)),
    context: setup.context,
    identity: setup.identity,
  };
}

/** One line per file, then its warnings; `--explain` shows the whole tree. */
function summarize(r: Route): string {
  const target = r.via === 's3' ? r.s3Uri : r.httpUrl;
  const cost =
    r.estimatedCostUsd === null ? ', cost unknown' : r.estimatedCostUsd > 0 ? `, about $${r.estimatedCostUsd}` : '';
  const lines = [
    `${r.uri}\n  ${r.via} ${target ?? '(none)'}  [${r.leaf}${r.forced ? `, forced; tree: ${r.forced.treeWouldChoose}` : ''}${r.requesterPays ? ', requester pays' : ''}${cost}]`,
  ];
  if (r.credentials) lines.push(`  credentials: ${r.credentials}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  if (r.error) lines.push(`  error: ${r.error}`);
  return `${lines.join('\n')}\n`;
}

export const routeCommand: CliCommand = {
  name: 'route',
  summary: 'For each URI (s3://, mast:, S3/MAST/HEASARC/IRSA https URLs), say whether S3 or HTTPS is right, and why.',
  positionals: 'URI...',
  options: {
    profile: {
      type: 'string',
      valueName: 'P',
      description: 'Use this AWS profile (like boto3 Session(profile_name=P)).',
    },
    'allow-cross-region': {
      type: 'boolean',
      description: 'Allow S3 transfers across regions (requester pays); env CDR_ALLOW_CROSS_REGION.',
    },
    via: {
      type: 'string',
      valueName: 'auto|s3|http',
      description: 'Force the transport (default auto: the decision tree); env CDR_VIA.',
    },
    explain: { type: 'boolean', description: 'Show the decision tree, the path taken and the evidence for each URI.' },
    python: {
      type: 'boolean',
      description: 'Print the Python (boto3, astroquery or requests) that fetches each file the way the route says.',
    },
  },
  async run({ values, positionals }, io) {
    if (positionals.length === 0)
      throw new CdrError('cdr route needs at least one URI (s3://…, mast:…, https://…)', { code: 'BadInput' });
    const { locations, routes, identity } = await planRoutes(positionals, {
      io,
      policy: routePolicyFrom(values, io.env),
      profile: typeof values.profile === 'string' ? values.profile : undefined,
    });
    if (values.python) {
      const script = routesToPython(
        routes.map((route, i) => ({ route, location: locations[i]! })),
        identity,
        { mode: 'notebook' },
      );
      io.out(script.code);
    } else if (values.json) io.out(`${JSON.stringify(routes.map(contractJson), null, 2)}\n`);
    else
      io.out(
        values.explain
          ? routes.map((r) => `${explainRoute(r)}${delegationNote(r)}`).join('\n')
          : routes.map(summarize).join(''),
      );
    let code: ExitCode = ExitCode.Ok;
    for (const [i, l] of locations.entries()) {
      const r = routes[i];
      if (l.lookupFailed) io.err(`cdr route: lookup failed for ${l.input}: ${l.notes.join('; ')}\n`);
      if (r.error) io.err(`cdr route: ${r.error}\n`);
      if (l.lookupFailed || r.error) code = ExitCode.Failed;
    }
    return code;
  },
};
