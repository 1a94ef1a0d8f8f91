// Pure: a CMR granule search as flags, as an `earthdata:granules?…` URI (a data set), and as CMR query parameters.
import { CdrError } from '../errors';

export interface GranuleQuery {
  readonly shortName: string | null;
  readonly version: string | null;
  /** Collection (`C…`) or granule (`G…`) concept ids; CMR takes either as `concept_id[]` for granules. */
  readonly conceptIds: readonly string[];
  readonly provider: string | null;
  /** Inclusive bounds as CMR wants them (`2020-01-01T00:00:00Z`); either may be open. */
  readonly temporal: { readonly from: string | null; readonly to: string | null } | null;
  /** West, south, east, north in degrees (west > east crosses the antimeridian). */
  readonly bbox: readonly [number, number, number, number] | null;
  /** At most this many granules; the result is trimmed to it. */
  readonly limit: number;
}

export const GRANULE_URI_PREFIX = 'earthdata:granules?';
export const DEFAULT_GRANULE_LIMIT = 100;
/** CMR stops paging at the millionth item. */
export const MAX_GRANULE_LIMIT = 1_000_000;
/** CMR's largest page. */
export const MAX_PAGE_SIZE = 2000;

/** The fields by their URI names; the CLI flags are the same with `-` (`--short-name`). */
export const GRANULE_FIELDS = ['short_name', 'version', 'concept_id', 'provider', 'temporal', 'bbox', 'limit'] as const;
export type GranuleField = (typeof GRANULE_FIELDS)[number];

/** How a field is named in messages: `--short-name` for flags, `short_name` in a URI. */
export type FieldNamer = (field: GranuleField) => string;
export const flagName: FieldNamer = (f) => `--${f.replace('_', '-')}`;
export const uriParamName: FieldNamer = (f) => f;

function bad(what: string, value: string): CdrError {
  return new CdrError(`${what}: ${value}`, { code: 'BadInput', details: { value } });
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?Z?$/;

/** `2020-01-01` or `2020-01-01T10:00:00Z` → ISO with Z; a date alone means its start, or its end for `to`. */
function instant(text: string, end: boolean, name: string, whole: string): string {
  const t = text.trim();
  const d = DATE.exec(t);
  const dt = d ? null : DATE_TIME.exec(t);
  if (!d && !dt) throw bad(`${name} must be A,B with dates (2020-01-31) or times (2020-01-31T12:00:00Z)`, whole);
  const [y, mo, da] = [(d ?? dt)![1]!, (d ?? dt)![2]!, (d ?? dt)![3]!];
  const time = d ? (end ? '23:59:59' : '00:00:00') : `${dt![4]}:${dt![5]}:${dt![6] ?? '00'}${dt![7] ?? ''}`;
  const iso = `${y}-${mo}-${da}T${time}Z`;
  const ms = Date.parse(iso);
  // Date.parse rolls 2021-02-30 over to March; a round trip of the date part catches it.
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== `${y}-${mo}-${da}`)
    throw bad(`${name} has a date that does not exist`, whole);
  return iso;
}

export function parseTemporal(text: string, name: string): NonNullable<GranuleQuery['temporal']> {
  const parts = text.split(',');
  if (parts.length !== 2)
    throw bad(`${name} must be two dates or times separated by a comma (A,B; either may be empty)`, text);
  const from = parts[0]!.trim() === '' ? null : instant(parts[0]!, false, name, text);
  const to = parts[1]!.trim() === '' ? null : instant(parts[1]!, true, name, text);
  if (!from && !to) throw bad(`${name} needs at least one of its two bounds`, text);
  if (from && to && Date.parse(from) > Date.parse(to)) throw bad(`${name} starts after it ends`, text);
  return { from, to };
}

export function parseBbox(text: string, name: string): NonNullable<GranuleQuery['bbox']> {
  const parts = text.split(',').map((p) => p.trim());
  const n = parts.map((p) => (/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(p) ? Number(p) : NaN));
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x)))
    throw bad(`${name} must be four numbers W,S,E,N in degrees`, text);
  const [w, s, e, north] = n as [number, number, number, number];
  if (Math.abs(w) > 180 || Math.abs(e) > 180) throw bad(`${name}: west and east must be within -180..180`, text);
  if (Math.abs(s) > 90 || Math.abs(north) > 90) throw bad(`${name}: south and north must be within -90..90`, text);
  if (s > north) throw bad(`${name}: south is north of north (expected W,S,E,N)`, text);
  return [w, s, e, north];
}

function parseLimit(text: string, name: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > MAX_GRANULE_LIMIT)
    throw bad(`${name} must be a whole number from 1 to ${MAX_GRANULE_LIMIT}`, text);
  return Number(t);
}

/**
 * Builds a query from raw field values (flags or URI parameters); throws BadInput naming the field and value. A
 * search needs a collection (short name or concept id): CMR's unconstrained granule queries stop at 10,000 items.
 */
export function granuleQueryFrom(
  fields: Partial<Record<GranuleField, string | readonly string[]>>,
  name: FieldNamer,
): GranuleQuery {
  const one = (f: GranuleField): string | null => {
    const v = fields[f];
    if (v === undefined) return null;
    const list = typeof v === 'string' ? [v] : v;
    if (list.length > 1) throw bad(`${name(f)} given more than once`, list.join(' '));
    const t = (list[0] ?? '').trim();
    if (t === '') throw bad(`${name(f)} is empty`, JSON.stringify(list[0] ?? ''));
    if ([...t].some((c) => c.charCodeAt(0) < 0x20)) throw bad(`${name(f)} has a control character`, JSON.stringify(t));
    return t;
  };
  const ids =
    fields.concept_id === undefined
      ? []
      : typeof fields.concept_id === 'string'
        ? [fields.concept_id]
        : fields.concept_id;
  const conceptIds = ids
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  for (const id of conceptIds)
    if (!/^[CG]\d+-[A-Za-z0-9_]+$/.test(id))
      throw bad(`${name('concept_id')} must be a CMR concept id such as C2021957657-LPCLOUD`, id);
  const provider = one('provider');
  if (provider !== null && !/^[A-Za-z0-9_]+$/.test(provider))
    throw bad(`${name('provider')} must be a CMR provider id such as LPCLOUD`, provider);
  const shortName = one('short_name');
  const temporal = one('temporal');
  const bbox = one('bbox');
  const limit = one('limit');
  if (!shortName && conceptIds.length === 0)
    throw new CdrError(
      `A granule search needs ${name('short_name')} or ${name('concept_id')} (a collection to search in)`,
      { code: 'BadInput' },
    );
  return {
    shortName,
    version: one('version'),
    conceptIds,
    provider,
    temporal: temporal === null ? null : parseTemporal(temporal, name('temporal')),
    bbox: bbox === null ? null : parseBbox(bbox, name('bbox')),
    limit: limit === null ? DEFAULT_GRANULE_LIMIT : parseLimit(limit, name('limit')),
  };
}

export function isGranuleUri(input: string): boolean {
  return /^earthdata:/i.test(input.trim());
}

/** `earthdata:granules?short_name=…&temporal=A,B&…`; throws BadInput for another form or an unknown parameter. */
export function parseGranuleUri(input: string): GranuleQuery {
  const t = input.trim();
  if (!t.toLowerCase().startsWith(GRANULE_URI_PREFIX))
    throw bad(`Not an Earthdata search URI (expected ${GRANULE_URI_PREFIX}short_name=…&temporal=A,B&…)`, input);
  const params = new URLSearchParams(t.slice(GRANULE_URI_PREFIX.length));
  const fields: Partial<Record<GranuleField, string[]>> = {};
  for (const [k, v] of params) {
    if (!(GRANULE_FIELDS as readonly string[]).includes(k))
      throw bad(`Unknown parameter ${k} in ${input} (expected ${GRANULE_FIELDS.join(', ')})`, k);
    (fields[k as GranuleField] ??= []).push(v);
  }
  try {
    return granuleQueryFrom(fields, uriParamName);
  } catch (e) {
    if (e instanceof CdrError) throw new CdrError(`${e.message} (in ${input})`, { code: 'BadInput', cause: e });
    throw e;
  }
}

/** Keeps `,` and `:` readable in values (bboxes and times). */
function enc(v: string): string {
  return encodeURIComponent(v).replace(/%2C/g, ',').replace(/%3A/g, ':');
}

function temporalText(t: NonNullable<GranuleQuery['temporal']>): string {
  return `${t.from ?? ''},${t.to ?? ''}`;
}

/** The canonical URI of a query: `cdr get` takes it as a data set. */
export function granuleUri(q: GranuleQuery): string {
  const parts: string[] = [];
  if (q.shortName) parts.push(`short_name=${enc(q.shortName)}`);
  if (q.version) parts.push(`version=${enc(q.version)}`);
  if (q.conceptIds.length) parts.push(`concept_id=${enc(q.conceptIds.join(','))}`);
  if (q.provider) parts.push(`provider=${enc(q.provider)}`);
  if (q.temporal) parts.push(`temporal=${enc(temporalText(q.temporal))}`);
  if (q.bbox) parts.push(`bbox=${q.bbox.join(',')}`);
  parts.push(`limit=${q.limit}`);
  return `${GRANULE_URI_PREFIX}${parts.join('&')}`;
}

/** CMR's parameters for one page; identical on every page, as search-after requires. Never `page_num`. */
export function cmrGranuleParams(q: GranuleQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.shortName) p.append('short_name', q.shortName);
  if (q.version) p.append('version', q.version);
  for (const id of q.conceptIds) p.append('concept_id[]', id);
  if (q.provider) p.append('provider', q.provider);
  if (q.temporal) p.append('temporal[]', temporalText(q.temporal));
  if (q.bbox) p.append('bounding_box', q.bbox.join(','));
  p.append('page_size', String(Math.min(q.limit, MAX_PAGE_SIZE)));
  return p;
}
