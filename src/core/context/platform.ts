// Pure: platforms that provide the cloud account — declared by the operator (CDR_PLATFORM, a setting) or detected from markers.
import { CdrError } from '../errors';
import type { CloudProvider, Evidence, Platform } from './types';
import { isAwsRegion } from './region';
import type { Markers } from './readMarkers';
import type { Env } from '../util/env';
import { contextMessage as cm, evidence as evidenceOf } from './contextMessages';

export interface KnownPlatform {
  readonly label: string;
  /** Where the platform's compute runs, when that is public knowledge; otherwise the operator must declare it. */
  readonly provider: CloudProvider | null;
  readonly region: string | null;
}

export const KNOWN_PLATFORMS: Readonly<Record<string, KnownPlatform>> = {
  // Fornax runs in AWS us-east-1, next to the HEASARC, IRSA and MAST open-data buckets it mounts.
  fornax: { label: 'NASA Fornax Science Console', provider: 'aws', region: 'us-east-1' },
  // SciServer's hosting varies by deployment (JHU's own is on premises), so its region is left to the operator.
  sciserver: { label: 'SciServer', provider: null, region: null },
};

export interface DeclaredPlatform {
  readonly name: string;
  readonly region?: string | null;
}

export interface PlatformResolution {
  readonly platform: Platform | null;
  readonly provider: CloudProvider | null;
  readonly evidence: readonly Evidence[];
}

const NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/** `fornax:us-east-1` or `fornax` → `{ name, region }`; a malformed value is bad input naming where it came from. */
export function parsePlatformDeclaration(value: string, origin: string): { name: string; region: string | null } {
  const trimmed = value.trim();
  const colon = trimmed.indexOf(':');
  const name = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim().toLowerCase();
  const region = colon < 0 ? null : trimmed.slice(colon + 1).trim() || null;
  if (!NAME.test(name)) {
    throw new CdrError(`${origin} must be name or name:region, e.g. fornax:us-east-1: ${JSON.stringify(value)}`, {
      code: 'BadInput',
      details: { origin },
    });
  }
  if (region !== null && !isAwsRegion(region)) {
    throw new CdrError(`${origin} has a region that is not an AWS region name: ${JSON.stringify(region)}`, {
      code: 'BadInput',
      details: { origin },
    });
  }
  return { name, region };
}

function fromDeclaration(
  name: string,
  region: string | null,
  signal: string,
  overridden: string | null,
): PlatformResolution {
  const known = KNOWN_PLATFORMS[name];
  const effectiveRegion = region ?? known?.region ?? null;
  const said = region
    ? cm('context.platform.region', name, region)
    : effectiveRegion
      ? cm('context.platform.known-region', name, effectiveRegion)
      : cm('context.platform.no-region', name);
  const evidence: Evidence[] = [evidenceOf(signal, said, 'strong')];
  if (overridden)
    evidence.push(evidenceOf('setting:declaredPlatform', cm('context.platform.overridden', overridden), 'none'));
  return {
    platform: { name, region: effectiveRegion, how: 'declared' },
    // A declared region is an AWS region by validation, so the platform is on AWS.
    provider: region ? 'aws' : (known?.provider ?? null),
    evidence,
  };
}

function detect(env: Env, markers: Markers): PlatformResolution {
  if (env.HOME === '/home/idies' && markers.paths['/FTP']) {
    const k = KNOWN_PLATFORMS.sciserver;
    return {
      platform: { name: 'sciserver', region: k.region, how: 'detected' },
      provider: k.provider,
      evidence: [evidenceOf('marker:sciserver', cm('context.platform.sciserver'), 'strong')],
    };
  }
  const fornaxPath = Object.keys(markers.paths).find((p) => p.startsWith('/archive-data/') && markers.paths[p]);
  if (fornaxPath) {
    const k = KNOWN_PLATFORMS.fornax;
    return {
      platform: { name: 'fornax', region: k.region, how: 'detected' },
      provider: k.provider,
      evidence: [evidenceOf(`marker:${fornaxPath}`, cm('context.platform.fornax', k.region ?? '?'), 'strong')],
    };
  }
  return { platform: null, provider: null, evidence: [] };
}

/**
 * Precedence, as for every setting here: environment (CDR_PLATFORM) → machine setting (`declared`) → markers.
 * Throws CdrError('BadInput') for a malformed declaration rather than guessing.
 */
export function resolvePlatform(args: {
  env: Env;
  declared?: string | DeclaredPlatform;
  markers: Markers;
}): PlatformResolution {
  const fromEnv = args.env.CDR_PLATFORM?.trim();
  const d = args.declared;
  const declared =
    d === undefined
      ? null
      : typeof d === 'string'
        ? d.trim()
          ? parsePlatformDeclaration(d, 'setting declaredPlatform')
          : null
        : parsePlatformDeclaration(d.region ? `${d.name}:${d.region}` : d.name, 'setting declaredPlatform');
  if (fromEnv) {
    const p = parsePlatformDeclaration(fromEnv, 'CDR_PLATFORM');
    const overridden = declared ? `${declared.name}${declared.region ? `:${declared.region}` : ''}` : null;
    return fromDeclaration(p.name, p.region, 'env:CDR_PLATFORM', overridden);
  }
  if (declared) return fromDeclaration(declared.name, declared.region, 'setting:declaredPlatform', null);
  return detect(args.env, args.markers);
}
