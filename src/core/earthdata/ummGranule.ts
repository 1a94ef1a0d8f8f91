// Pure: one CMR `granules.umm_json` item (UMM-G) → the granule's files with both links, sizes and checksums.
import type { Checksum, GranuleFile } from './types';

export interface ParsedUmmGranule {
  readonly conceptId: string;
  readonly granuleUr: string;
  readonly provider: string;
  readonly collectionConceptId: string | null;
  readonly files: readonly GranuleFile[];
  /** The record's own `VIEW RELATED INFORMATION` …/s3credentials link. */
  readonly s3CredentialsUrl: string | null;
  /** What the record could not say plainly (ambiguous sizes, files without size). */
  readonly notes: readonly string[];
}

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The last path segment, decoded, without query or fragment. */
export function fileNameOf(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** UMM-G's SizeUnit values; the schema itself calls unit sizes ambiguous (10^6 vs 2^20) and recommends SizeInBytes. */
const UNIT_POWER: Readonly<Record<string, number>> = { KB: 1, MB: 2, GB: 3, TB: 4, PB: 5 };

interface SizeFacts {
  readonly sizeBytes: number | null;
  readonly approximateBytes?: number;
  readonly note?: string;
}

export function sizeOf(entry: Obj, name: string): SizeFacts {
  const inBytes = entry.SizeInBytes;
  if (typeof inBytes === 'number' && Number.isSafeInteger(inBytes) && inBytes >= 0) return { sizeBytes: inBytes };
  const size = entry.Size;
  const unit = str(entry.SizeUnit)?.toUpperCase() ?? null;
  if (typeof size !== 'number' || !Number.isFinite(size) || size < 0)
    return { sizeBytes: null, note: `The record gives no size for ${name}; it is learned when fetched` };
  const power = unit ? UNIT_POWER[unit] : undefined;
  if (power === undefined)
    return {
      sizeBytes: null,
      note: `The record gives ${name}'s size as ${size} with unit ${unit ?? '(none)'}: unknown until fetched`,
    };
  return {
    sizeBytes: null,
    approximateBytes: Math.round(size * 1000 ** power),
    note: `The record gives ${name}'s size only as ${size} ${unit}, which is ambiguous (1000^${power} or 1024^${power} bytes per ${unit}); about ${Math.round(size * 1000 ** power)} bytes are shown and the exact size is learned when fetched`,
  };
}

function checksumOf(entry: Obj): Checksum | null {
  const c = obj(entry.Checksum);
  const algorithm = str(c?.Algorithm);
  const value = str(c?.Value);
  return algorithm && value ? { algorithm, value } : null;
}

const NOT_FILES = /OPENDAP|DMR\+\+|THREDDS/i;

function isS3CredentialsLink(url: string): boolean {
  try {
    return /\/s3credentials\/?$/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** Null when the item has no concept id (not a CMR granule). Links are taken as the record gives them, never derived. */
export function parseUmmGranule(item: unknown): ParsedUmmGranule | null {
  const meta = obj(obj(item)?.meta);
  const umm = obj(obj(item)?.umm);
  const conceptId = str(meta?.['concept-id']);
  if (!meta || !umm || !conceptId) return null;
  const granuleUr = str(umm.GranuleUR) ?? conceptId;
  const notes: string[] = [];
  const byName = new Map<string, { httpsUrl: string | null; s3Uri: string | null }>();
  let s3CredentialsUrl: string | null = null;
  const slot = (name: string) => {
    let s = byName.get(name);
    if (!s) byName.set(name, (s = { httpsUrl: null, s3Uri: null }));
    return s;
  };
  for (const raw of arr(umm.RelatedUrls)) {
    const r = obj(raw);
    const url = str(r?.URL);
    const type = str(r?.Type)?.toUpperCase();
    if (!r || !url || !type) continue;
    const subtype = str(r.Subtype) ?? '';
    if (type === 'VIEW RELATED INFORMATION' && /^https?:\/\//i.test(url) && isS3CredentialsLink(url)) {
      s3CredentialsUrl ??= url;
      continue;
    }
    if (type !== 'GET DATA' && type !== 'GET DATA VIA DIRECT ACCESS') continue;
    if (NOT_FILES.test(subtype)) continue;
    const name = fileNameOf(url);
    if (!name) continue;
    if (/^s3:\/\//i.test(url)) {
      const s = slot(name);
      if (s.s3Uri === null) s.s3Uri = url;
    } else if (/^https?:\/\//i.test(url) && type === 'GET DATA') {
      const s = slot(name);
      if (s.httpsUrl === null) s.httpsUrl = url;
      else if (s.httpsUrl !== url) notes.push(`${granuleUr} lists two HTTPS links named ${name}; the first is used`);
    }
  }
  const info = new Map<string, Obj>();
  for (const raw of arr(obj(umm.DataGranule)?.ArchiveAndDistributionInformation)) {
    const e = obj(raw);
    const name = str(e?.Name);
    if (e && name && !info.has(name)) info.set(name, e);
  }
  const files: GranuleFile[] = [];
  for (const [name, links] of byName) {
    const e = info.get(name);
    const size: SizeFacts = e
      ? sizeOf(e, name)
      : { sizeBytes: null, note: `The record gives no size for ${name}; it is learned when fetched` };
    if (size.note) notes.push(size.note);
    files.push({
      name,
      httpsUrl: links.httpsUrl,
      s3Uri: links.s3Uri,
      sizeBytes: size.sizeBytes,
      ...(size.approximateBytes !== undefined ? { approximateBytes: size.approximateBytes } : {}),
      checksum: e ? checksumOf(e) : null,
    });
  }
  return {
    conceptId,
    granuleUr,
    provider: str(meta['provider-id']) ?? '',
    collectionConceptId: str(meta['collection-concept-id']),
    files,
    s3CredentialsUrl,
    notes,
  };
}

export interface CollectionFacts {
  /** `DirectDistributionInformation.Region`, lower-cased; null when the collection is not in the cloud or says nothing. */
  readonly region: string | null;
  readonly s3CredentialsUrl: string | null;
}

/** One `collections.umm_json` item → where its data is and where its temporary credentials come from. */
export function parseUmmCollection(item: unknown): CollectionFacts {
  const ddi = obj(obj(obj(item)?.umm)?.DirectDistributionInformation);
  const region = str(ddi?.Region)?.toLowerCase() ?? null;
  const cred = str(ddi?.S3CredentialsAPIEndpoint);
  return {
    region: region && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? region : null,
    s3CredentialsUrl: cred && /^https?:\/\//i.test(cred) ? cred : null,
  };
}
