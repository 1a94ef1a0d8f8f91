import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Catalog } from '../../../../src/core/catalog/catalog';
import { daacForOrigin, daacTable, EARTHDATA_DAACS, parseUserDaacs } from '../../../../src/core/earthdata/daacs';
import { userDaacsFromEnv } from '../../../../src/core/earthdata/userDaacs';
import { CdrError } from '../../../../src/core/errors';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const catalog = (userDaacs = parseUserDaacs([], 'x')) => new Catalog({ env: {}, userDaacs });

describe('the DAAC table', () => {
  it('knows every DAAC of the issue by provider, all in us-west-2, each with an s3credentials endpoint', () => {
    const providers = EARTHDATA_DAACS.flatMap((d) => d.providers);
    for (const p of ['LPCLOUD', 'POCLOUD', 'NSIDC_CPRD', 'ORNL_CLOUD', 'GES_DISC', 'ASF', 'LAADS', 'OB_CLOUD'])
      assert.ok(providers.includes(p), p);
    for (const d of EARTHDATA_DAACS) {
      assert.equal(d.region, 'us-west-2', d.id);
      assert.match(d.s3CredentialsUrl ?? '', /^https:\/\/[^/]+\/s3credentials$/, d.id);
    }
  });

  it('user entries replace a built-in of the same id and extend the table', () => {
    const user = parseUserDaacs(
      '[{"id":"lpdaac","origins":["http://127.0.0.1:8123"],"buckets":["lp-prod-protected"],"s3CredentialsUrl":"http://127.0.0.1:8123/s3credentials","region":"us-west-2","httpsPathIsBucketKey":true},{"id":"lab","region":"us-east-1"}]',
      'CDR_EARTHDATA_DAACS',
    );
    const t = daacTable(user);
    assert.equal(t.filter((d) => d.id === 'lpdaac').length, 1);
    assert.equal(daacForOrigin(t, new URL('http://127.0.0.1:8123/x'))?.id, 'lpdaac');
    assert.equal(daacForOrigin(t, new URL('https://data.lpdaac.earthdatacloud.nasa.gov/x')), undefined);
    assert.deepEqual(
      t.find((d) => d.id === 'lab'),
      { id: 'lab', name: 'lab', providers: [], origins: [], buckets: [], s3CredentialsUrl: null, region: 'us-east-1' },
    );
  });

  it('CDR_EARTHDATA_DAACS takes JSON or @file (relative to the working folder), and names a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdr-daacs-'));
    writeFileSync(join(dir, 'daacs.json'), '[{"id":"lab","region":"eu-west-1","buckets":["lab-bkt"]}]');
    assert.equal(userDaacsFromEnv({}, dir), undefined);
    assert.deepEqual(userDaacsFromEnv({ CDR_EARTHDATA_DAACS: '@daacs.json' }, dir)?.[0]?.buckets, ['lab-bkt']);
    assert.equal(userDaacsFromEnv({ CDR_EARTHDATA_DAACS: '[{"id":"x","region":"us-east-1"}]' }, dir)?.[0]?.id, 'x');
    assert.throws(
      () => userDaacsFromEnv({ CDR_EARTHDATA_DAACS: '@missing.json' }, dir),
      (e: unknown) =>
        e instanceof CdrError &&
        e.code === 'BadInput' &&
        /CDR_EARTHDATA_DAACS: cannot read .*missing\.json/.test(e.message),
    );
  });

  for (const [value, msg] of [
    ['nope', /CDR_EARTHDATA_DAACS is not valid JSON: nope/],
    ['{}', /must be a JSON array/],
    ['[{"region":"us-west-2"}]', /CDR_EARTHDATA_DAACS\[0\]: id must be a short name/],
    ['[{"id":"a","region":"moon"}]', /region must be an AWS region name: "moon"/],
    [
      '[{"id":"a","region":"us-west-2","origins":["https://h/path"]}]',
      /origins must be http\(s\) origins without a path/,
    ],
    ['[{"id":"a","region":"us-west-2","buckets":["Bad_B"]}]', /buckets must be S3 bucket names: "Bad_B"/],
    ['[{"id":"a","region":"us-west-2","s3CredentialsUrl":"ftp://x"}]', /s3CredentialsUrl must be an http\(s\) URL/],
  ] as const) {
    it(`rejects ${value} with a message naming the entry`, () => {
      assert.throws(
        () => parseUserDaacs(value, 'CDR_EARTHDATA_DAACS'),
        (e: unknown) => e instanceof CdrError && e.code === 'BadInput' && msg.test(e.message),
      );
    });
  }
});

describe('Earthdata addresses in the catalog', () => {
  it('an LP DAAC URL is an earthdata location with its S3 twin (paths map one to one)', async () => {
    const [l] = await catalog().resolve([
      'https://data.lpdaac.earthdatacloud.nasa.gov/lp-prod-protected/HLSL30.020/G1/G1.B01.tif',
    ]);
    assert.equal(l!.kind, 'earthdata');
    assert.equal(l!.httpLogin, 'earthdata');
    assert.equal(l!.s3Uri, 's3://lp-prod-protected/HLSL30.020/G1/G1.B01.tif');
    assert.equal(l!.region, 'us-west-2');
    assert.deepEqual(l!.earthdata, {
      daac: 'lpdaac',
      s3CredentialsUrl: 'https://data.lpdaac.earthdatacloud.nasa.gov/s3credentials',
      checksum: null,
    });
    assert.deepEqual(l!.notes, []);
  });

  it('a PO.DAAC s3:// URI gets its HTTPS twin', async () => {
    const [l] = await catalog().resolve(['s3://podaac-ops-cumulus-protected/MUR-JPL-L4-GLOB-v4.1/f.nc']);
    assert.equal(l!.kind, 'earthdata');
    assert.equal(
      l!.httpUrl,
      'https://archive.podaac.earthdata.nasa.gov/podaac-ops-cumulus-protected/MUR-JPL-L4-GLOB-v4.1/f.nc',
    );
  });

  it('an ORNL URL gets no derived S3 link, and says why', async () => {
    const [l] = await catalog().resolve(['https://data.ornldaac.earthdata.nasa.gov/protected/daymet/x.nc']);
    assert.equal(l!.kind, 'earthdata');
    assert.equal(l!.s3Uri, null);
    assert.match(l!.notes.join(), /ORNL DAAC's URL paths do not map one to one.*cdr search/);
  });

  it('a GES DISC s3:// URI gets no derived HTTPS link', async () => {
    const [l] = await catalog().resolve(['s3://gesdisc-cumulus-prod-protected/GPM_L3/GPM_3IMERGHH.06/f.HDF5']);
    assert.equal(l!.httpUrl, null);
    assert.equal(l!.s3Uri, 's3://gesdisc-cumulus-prod-protected/GPM_L3/GPM_3IMERGHH.06/f.HDF5');
    assert.match(l!.notes.join(), /No HTTPS link is derived/);
  });

  it('an earthdata: search named as one file says it is a data set', () => {
    assert.throws(
      () => catalog().parse(['earthdata:granules?short_name=X']),
      (e: unknown) => e instanceof CdrError && e.code === 'BadInput' && /is a data set, not one file/.test(e.message),
    );
  });

  it('other hosts and buckets are untouched', async () => {
    const [a, b] = await catalog().resolve(['https://example.org/f.nc', 's3://stpubdata/hst/public/x.fits']);
    assert.equal(a!.kind, 'https');
    assert.equal(b!.kind, 's3');
  });
});
