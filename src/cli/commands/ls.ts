// I/O: `cdr ls URI...` — what a bucket prefix, an archive folder or an observation holds, one level or all of it.
import { expandSet } from '../../core/catalog/expandSet';
import { createBucketLister, type BucketLister } from '../../core/catalog/listing';
import { MastPortal } from '../../core/catalog/mastProducts';
import { parseSetInput, type SetInput } from '../../core/catalog/setInput';
import { encodeKey, findBucket } from '../../core/catalog/openDataBuckets';
import { CdrError } from '../../core/errors';
import type { CliCommand } from '../command';
import { ExitCode } from '../io';
import { catalogFor, prepareRouting, signingCredentials } from './route';
import { filterOptions, keyFiltersFrom, productFiltersFrom, productOptions } from './setOptions';

interface Entry {
  readonly uri: string;
  /** Name as `aws s3 ls` prints it: below the listed folder, or the whole key with --recursive. */
  readonly name: string;
  readonly prefix: boolean;
  readonly bytes?: number | null;
  readonly etag?: string | null;
  readonly lastModified?: string | null;
}

function textLine(e: Entry): string {
  if (e.prefix) return `${'PRE'.padStart(30)} ${e.name}\n`;
  const when = e.lastModified ? e.lastModified.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : ''.padEnd(19);
  return `${when} ${String(e.bytes ?? '?').padStart(10)} ${e.name}\n`;
}

/** Archive folders print their archive URLs, so what `ls` shows can be given to `get` as it is. */
function addressOf(s: SetInput & { kind: 'listing' }, bucket: string, keyOrPrefix: string): string {
  if (!s.archive) return `s3://${bucket}/${keyOrPrefix}`;
  return s.archive.urlPrefix + encodeKey(keyOrPrefix.slice(s.archive.keyPrefix.length));
}

export const lsCommand: CliCommand = {
  name: 'ls',
  summary:
    'List what an s3:// prefix, an archive folder (HEASARC, IRSA) or a mast:obs/… observation holds: one level, or --recursive.',
  positionals: 'URI...',
  options: {
    recursive: { type: 'boolean', short: 'r', description: 'Everything below the prefix, not one level.' },
    ...filterOptions,
    ...productOptions,
    profile: {
      type: 'string',
      valueName: 'P',
      description: 'Sign the listing with this AWS profile (default: as boto3 would; anonymous when none).',
    },
  },
  async run(args, io) {
    const { values, positionals } = args;
    if (positionals.length === 0)
      throw new CdrError('cdr ls needs at least one s3://, archive folder or mast:obs/ URI', { code: 'BadInput' });
    const catalog = catalogFor(io);
    const inputs = positionals.map((p) => {
      const s = parseSetInput(p, catalog.tables);
      if (s.kind === 'list')
        throw new CdrError(`cdr ls takes s3://, archive folder or mast:obs/ URIs, not files: ${p}`, {
          code: 'BadInput',
          details: { value: p },
        });
      // `s3://b/a/b` (no slash) lists like `aws s3 ls`: what starts with `a/b` at that level.
      if (s.kind === 'file' && /^s3:\/\//i.test(s.input)) {
        const m = /^s3:\/\/([^/]+)\/(.*)$/is.exec(s.input)!;
        const folder = m[2]!.slice(0, m[2]!.lastIndexOf('/') + 1);
        return {
          kind: 'listing',
          input: s.input,
          bucket: m[1]!,
          listPrefix: m[2]!,
          base: folder,
          match: null,
          regionHint: null,
          archive: null,
        } as SetInput;
      }
      if (s.kind === 'file')
        throw new CdrError(`Not something that can be listed (a single file): ${p}`, {
          code: 'BadInput',
          details: { value: p },
        });
      return s;
    });
    const filters = keyFiltersFrom(args);
    const profile = typeof values.profile === 'string' ? values.profile : undefined;
    const setup = await prepareRouting(catalog, { io, profile }, async () => undefined);
    const region = setup.credentials.region || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || 'us-east-1';
    let lister: Promise<BucketLister> | undefined;
    const getLister = () =>
      (lister ??= createBucketLister({ env: io.env, credentials: signingCredentials(setup, io, profile) }));
    const json = values.json === true;
    let first = true;
    const emit = (e: Entry) => {
      if (!json) io.out(textLine(e));
      else {
        const obj = e.prefix
          ? { uri: e.uri, prefix: true }
          : { uri: e.uri, bytes: e.bytes ?? null, etag: e.etag ?? null, lastModified: e.lastModified ?? null };
        // Streamed one element per line: 100,000 keys never sit in memory as one array.
        io.out(`${first ? '[\n' : ',\n'}${JSON.stringify(obj)}`);
      }
      first = false;
    };
    let done = false;
    try {
      for (const s of inputs) {
        if (s.kind === 'listing' && !s.match && values.recursive !== true) {
          const bucketRegion = (await catalog.bucketRegion(s.bucket)) ?? region;
          const requesterPays = findBucket(catalog.tables, s.bucket)?.requesterPays ?? false;
          const l = await getLister();
          let token: string | undefined;
          let count = 0;
          do {
            const page = await l.listLevel(s.bucket, s.listPrefix, {
              region: bucketRegion,
              requesterPays,
              ...(token ? { continuationToken: token } : {}),
            });
            for (const p of page.prefixes) {
              count++;
              emit({ uri: addressOf(s, p.bucket, p.prefix), name: p.prefix.slice(s.base.length), prefix: true });
            }
            for (const o of page.objects) {
              count++;
              emit({
                uri: addressOf(s, o.bucket, o.key),
                name: o.key.slice(s.base.length),
                prefix: false,
                bytes: o.size,
                etag: o.etag,
                lastModified: o.lastModified,
              });
            }
            token = page.nextToken ?? undefined;
          } while (token);
          if (count === 0)
            throw new CdrError(`Nothing under ${s.input} (an empty or missing prefix)`, {
              code: 'BadInput',
              details: { value: s.input, reason: 'empty-prefix' },
            });
          continue;
        }
        for await (const f of expandSet([s], {
          catalog,
          cwd: io.cwd,
          defaultRegion: region,
          lister: getLister,
          mast: () => new MastPortal({ baseUrl: catalog.mastBase }),
          filters,
          productFilters: productFiltersFrom(values),
        })) {
          const key = f.location?.key;
          emit({
            uri: f.uri,
            name: s.kind === 'listing' && key !== null && key !== undefined ? key : f.uri,
            prefix: false,
            bytes: f.listed?.size ?? null,
            etag: f.listed?.etag ?? null,
            lastModified: f.listed?.lastModified ?? null,
          });
        }
      }
      done = true;
    } finally {
      // An error after some output still leaves valid JSON on stdout; the message goes to stderr.
      if (json && !first) io.out('\n]\n');
      else if (json && done) io.out('[]\n');
      if (lister) (await lister).destroy();
    }
    return ExitCode.Ok;
  },
};
