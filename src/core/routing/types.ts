// Pure: DESIGN's Route — which way a file travels (s3 or http), which leaf of the seed's tree, and why.
import type { CredentialMethod } from '../credentials/method';
import type { Message } from '../messages';

export const ROUTE_LEAVES = [
  'user-not-in-cloud',
  'data-not-in-cloud',
  'platform-account',
  'same-region',
  'cross-region-anonymous',
  'cross-region-requester-pays',
  'cross-region-not-allowed',
] as const;
export type RouteLeaf = (typeof ROUTE_LEAVES)[number];

export type Via = 's3' | 'http';

/** What each leaf chooses when nobody forces `via` (DESIGN's table). */
export const LEAF_VIA: Readonly<Record<RouteLeaf, Via>> = {
  'user-not-in-cloud': 'http',
  'data-not-in-cloud': 'http',
  'platform-account': 's3',
  'same-region': 's3',
  'cross-region-anonymous': 'http',
  'cross-region-requester-pays': 's3',
  'cross-region-not-allowed': 'http',
};

/** A question of the tree; `explainRoute` uses it to mark the path taken. */
export type RouteNode =
  'in-cloud' | 'data-in-cloud' | 'account' | 'same-region' | 'credentials' | 'cross-region-allowed' | 'forced' | 'cost';

/** The questions of the tree on the way to each leaf, in order: the one structure the text and the picture share. */
export const LEAF_PATH: Readonly<Record<RouteLeaf, readonly Exclude<RouteNode, 'forced' | 'cost'>[]>> = {
  'user-not-in-cloud': ['in-cloud'],
  'data-not-in-cloud': ['in-cloud', 'data-in-cloud'],
  'platform-account': ['in-cloud', 'data-in-cloud', 'account'],
  'same-region': ['in-cloud', 'data-in-cloud', 'account', 'same-region'],
  'cross-region-anonymous': ['in-cloud', 'data-in-cloud', 'account', 'same-region', 'credentials'],
  'cross-region-requester-pays': [
    'in-cloud',
    'data-in-cloud',
    'account',
    'same-region',
    'credentials',
    'cross-region-allowed',
  ],
  'cross-region-not-allowed': [
    'in-cloud',
    'data-in-cloud',
    'account',
    'same-region',
    'credentials',
    'cross-region-allowed',
  ],
};

export interface RouteStep {
  readonly node: RouteNode;
  readonly question: string;
  readonly answer: string;
  readonly evidence: readonly string[];
  /** The same texts with their ids and arguments, for a face that translates them (`render` gives the strings above). */
  readonly messages: {
    readonly question: Message;
    readonly answer: Message;
    readonly evidence: readonly Message[];
  };
}

export interface Route {
  readonly uri: string;
  readonly via: Via;
  readonly leaf: RouteLeaf;
  /** Send `RequestPayer: requester` with the S3 requests. */
  readonly requesterPays: boolean;
  readonly s3Uri: string | null;
  readonly httpUrl: string | null;
  readonly steps: readonly RouteStep[];
  readonly warnings: readonly string[];
  /** `warnings` as messages, in the same order. */
  readonly warningMessages: readonly Message[];
  readonly bytes: number | null;
  /** What the user's AWS account pays; 0 when the archive pays, null when it depends on an unknown size. */
  readonly estimatedCostUsd: number | null;
  readonly forced?: { readonly requested: Via; readonly treeWouldChoose: Via };
  /** Set when this file cannot be fetched this way; says what to do. */
  readonly error?: string;
  readonly errorMessage?: Message;
  /** Which credentials fetch it when they are not the user's AWS chain (Earthdata: the DAAC's keys or the login). */
  readonly credentials?: string;
  readonly credentialsMessage?: Message;
}

export interface RouteIdentity {
  readonly hasCredentials: boolean;
  readonly source: CredentialMethod | null;
  readonly profile?: string | null;
}

export interface RoutePrices {
  readonly sameRegionPerGB: number;
  readonly crossRegionPerGB: number;
  readonly internetPerGB: number;
}

export interface RoutePolicy {
  readonly allowCrossRegion: boolean;
  readonly via: 'auto' | Via;
  /** How to treat a context whose `inCloud` is null (e.g. IMDS blocked). */
  readonly unknownContext: 'as-not-in-cloud' | 'as-in-cloud';
  /** USD per GiB (AWS bills per GB = 2^30 bytes). */
  readonly prices: RoutePrices;
}

export const DEFAULT_PRICES: RoutePrices = { sameRegionPerGB: 0, crossRegionPerGB: 0.02, internetPerGB: 0.09 };

export const DEFAULT_POLICY: RoutePolicy = {
  allowCrossRegion: false,
  via: 'auto',
  unknownContext: 'as-not-in-cloud',
  prices: DEFAULT_PRICES,
};
