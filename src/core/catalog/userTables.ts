// Pure: validates user-supplied bucket and mirror entries (a setting or CDR_BUCKETS / CDR_MIRRORS JSON).
import { CdrError } from '../errors';
import type { HttpMirror, MirrorMapping, OpenDataBucket } from './types';

const HTTP_MIRRORS: readonly HttpMirror[] = ['mast', 'mirror', 'bucket', 'none'];

/** `origin[i]: what: value` — one entry of a user table named with what is wrong. */
export function badEntry(origin: string, i: number, what: string, value: unknown): CdrError {
  return new CdrError(`${origin}[${i}]: ${what}: ${JSON.stringify(value)}`, { code: 'BadInput', details: { origin } });
}

/** A user table (JSON text or an already parsed value) as its entries, each an object; throws BadInput naming it. */
export function userTableEntries(value: unknown, origin: string): Record<string, unknown>[] {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      throw new CdrError(`${origin} is not valid JSON: ${value as string}`, { code: 'BadInput', details: { origin } });
    }
  }
  if (!Array.isArray(v))
    throw new CdrError(`${origin} must be a JSON array: ${JSON.stringify(v)}`, {
      code: 'BadInput',
      details: { origin },
    });
  return v.map((e, i) => {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw badEntry(origin, i, 'must be an object', e);
    return e as Record<string, unknown>;
  });
}

/** `[{ "bucket", "region", "requesterPays"?, "http"? }]`; `http` defaults to `bucket` (public HTTPS endpoint). */
export function parseUserBuckets(value: unknown, origin: string): OpenDataBucket[] {
  return userTableEntries(value, origin).map((e, i) => {
    if (typeof e.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(e.bucket))
      throw badEntry(origin, i, 'bucket must be an S3 bucket name', e.bucket);
    if (typeof e.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(e.region))
      throw badEntry(origin, i, 'region must be an AWS region name', e.region);
    if (e.requesterPays !== undefined && typeof e.requesterPays !== 'boolean')
      throw badEntry(origin, i, 'requesterPays must be true or false', e.requesterPays);
    const http = e.http ?? (e.requesterPays ? 'none' : 'bucket');
    if (!HTTP_MIRRORS.includes(http as HttpMirror))
      throw badEntry(origin, i, `http must be one of ${HTTP_MIRRORS.join(', ')}`, e.http);
    return { bucket: e.bucket, region: e.region, requesterPays: e.requesterPays === true, http: http as HttpMirror };
  });
}

/** `[{ "urlPrefix", "bucket", "keyPrefix"? }]`: URLs under urlPrefix are copies of keys under keyPrefix. */
export function parseUserMirrors(value: unknown, origin: string): MirrorMapping[] {
  return userTableEntries(value, origin).map((e, i) => {
    let url: URL;
    try {
      url = new URL(String(e.urlPrefix));
    } catch {
      throw badEntry(origin, i, 'urlPrefix must be an http(s) URL', e.urlPrefix);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !String(e.urlPrefix).endsWith('/'))
      throw badEntry(origin, i, 'urlPrefix must be an http(s) URL ending in /', e.urlPrefix);
    if (typeof e.bucket !== 'string' || e.bucket === '')
      throw badEntry(origin, i, 'bucket must be a bucket name', e.bucket);
    const keyPrefix = e.keyPrefix ?? '';
    if (typeof keyPrefix !== 'string') throw badEntry(origin, i, 'keyPrefix must be a string', e.keyPrefix);
    const host = url.host.toLowerCase();
    const kind = host === 'heasarc.gsfc.nasa.gov' ? 'heasarc' : host === 'irsa.ipac.caltech.edu' ? 'irsa' : 'https';
    return { kind, urlPrefix: String(e.urlPrefix), bucket: e.bucket, keyPrefix };
  });
}
