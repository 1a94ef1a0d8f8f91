// I/O: `cdr search` — CMR granule search: the granules with both links, sizes, checksums, and the data-set URI.
import { cmrBaseUrl, CmrClient } from '../../core/earthdata/cmrSearch';
import { flagName, granuleQueryFrom, granuleUri, type GranuleField } from '../../core/earthdata/granuleQuery';
import type { Granule } from '../../core/earthdata/types';
import { CdrError } from '../../core/errors';
import type { CliCommand } from '../command';
import { ExitCode } from '../io';
import { catalogFor, cmrToken } from './route';

function granuleJson(g: Granule, notes: readonly string[]) {
  return {
    conceptId: g.conceptId,
    granuleUr: g.granuleUr,
    provider: g.provider,
    collectionConceptId: g.collectionConceptId,
    region: g.region,
    s3CredentialsUrl: g.s3CredentialsUrl,
    files: g.files.map((f) => ({
      name: f.name,
      httpsUrl: f.httpsUrl,
      s3Uri: f.s3Uri,
      sizeBytes: f.sizeBytes,
      ...(f.approximateBytes !== undefined ? { approximateBytes: f.approximateBytes } : {}),
      checksum: f.checksum,
    })),
    ...(notes.length ? { notes } : {}),
  };
}

/** Exact bytes, `~N` when only an ambiguous unit size is known, `?` when nothing is. */
function sizeText(g: Granule): { text: string; exact: number; approx: number; unknown: number } {
  let exact = 0;
  let approx = 0;
  let unknown = 0;
  for (const f of g.files) {
    if (f.sizeBytes !== null) exact += f.sizeBytes;
    else if (f.approximateBytes !== undefined) approx += f.approximateBytes;
    else unknown++;
  }
  const text = unknown ? `${exact + approx ? `${exact + approx}+` : '?'}` : approx ? `~${exact + approx}` : `${exact}`;
  return { text, exact, approx, unknown };
}

export const searchCommand: CliCommand = {
  name: 'search',
  summary:
    'Search NASA Earthdata (CMR) for granules: both links (HTTPS and s3://), sizes, checksums, and an earthdata:granules?… URI that cdr get takes as a data set.',
  options: {
    'short-name': { type: 'string', valueName: 'NAME', description: 'Collection short name, e.g. HLSL30.' },
    version: {
      type: 'string',
      valueName: 'V',
      description: 'Collection version, matched as a string ("1" is not "001").',
    },
    'concept-id': {
      type: 'string',
      multiple: true,
      valueName: 'ID,…',
      description: 'Collection (C…) or granule (G…) concept ids; repeatable.',
    },
    provider: { type: 'string', valueName: 'P', description: 'CMR provider, e.g. LPCLOUD, POCLOUD, NSIDC_CPRD.' },
    temporal: {
      type: 'string',
      valueName: 'A,B',
      description:
        'Time range, inclusive; dates (2023-06-01) or times (2023-06-01T12:00:00Z); either side may be empty.',
    },
    bbox: { type: 'string', valueName: 'W,S,E,N', description: 'Bounding box in degrees.' },
    limit: { type: 'string', valueName: 'N', description: 'At most N granules (default 100).' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length)
      throw new CdrError(`cdr search takes flags only (--short-name, --temporal, …), not: ${positionals[0]}`, {
        code: 'BadInput',
      });
    const fields: Partial<Record<GranuleField, string | readonly string[]>> = {};
    for (const f of ['short_name', 'version', 'concept_id', 'provider', 'temporal', 'bbox', 'limit'] as const) {
      const v = values[f.replace('_', '-')];
      if (typeof v === 'string' || Array.isArray(v)) fields[f] = v;
    }
    const query = granuleQueryFrom(fields, flagName);
    const uri = granuleUri(query);
    const catalog = catalogFor(io);
    const cmr = new CmrClient({
      baseUrl: cmrBaseUrl(io.env),
      token: cmrToken(io),
      daacs: catalog.tables.daacs,
    });
    const notes = new Map<string, number>();
    let granules = 0;
    let files = 0;
    let bytes = 0;
    let approx = 0;
    let unknown = 0;
    if (values.json) io.out(`{"uri":${JSON.stringify(uri)},"granules":[`);
    else io.out(`${'GRANULE'.padEnd(48)} ${'FILES'.padStart(5)} ${'BYTES'.padStart(14)}  REGION     CONCEPT ID\n`);
    for await (const { granule, notes: own } of cmr.granules(query)) {
      for (const n of own) notes.set(n, (notes.get(n) ?? 0) + 1);
      const s = sizeText(granule);
      granules++;
      files += granule.files.length;
      bytes += s.exact;
      approx += s.approx;
      unknown += s.unknown;
      if (values.json) io.out(`${granules > 1 ? ',' : ''}\n${JSON.stringify(granuleJson(granule, own))}`);
      else
        io.out(
          `${granule.granuleUr.padEnd(48)} ${String(granule.files.length).padStart(5)} ${s.text.padStart(14)}  ${(granule.region ?? '?').padEnd(10)} ${granule.conceptId}\n`,
        );
    }
    if (values.json) {
      io.out(
        `\n],"hits":${JSON.stringify(cmr.hits)},"files":${files},"bytes":${bytes}${approx ? `,"approximateBytes":${approx}` : ''}${unknown ? `,"unknownSizes":${unknown}` : ''}}\n`,
      );
    } else {
      const of = cmr.hits !== null && cmr.hits > granules ? ` of ${cmr.hits} matching` : '';
      const more = approx ? ` (+ about ${approx} in ambiguous units)` : '';
      io.out(
        `${granules} granules${of}, ${files} files, ${bytes} bytes${more}${unknown ? `, ${unknown} files of unknown size` : ''}\n`,
      );
      io.out(`URI: ${uri}\n  (cdr get '${uri}' --dry-run shows the route of every file)\n`);
      for (const [n, count] of notes) io.logger.warn('catalog', `${n}${count > 1 ? ` (${count} granules)` : ''}`);
    }
    return ExitCode.Ok;
  },
};
