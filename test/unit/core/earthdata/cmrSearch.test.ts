import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CmrClient } from '../../../../src/core/earthdata/cmrSearch';
import { EARTHDATA_DAACS } from '../../../../src/core/earthdata/daacs';
import { parseGranuleUri } from '../../../../src/core/earthdata/granuleQuery';
import { CdrError } from '../../../../src/core/errors';
import { startCmrServer, ummGranule, type CmrGranule, type CmrServer } from '../../../support/earthdata/cmrServer';

function granules(n: number, shortName = 'HLSL30'): CmrGranule[] {
  return Array.from({ length: n }, (_, i) => ({
    shortName,
    version: '2.0',
    item: ummGranule({
      conceptId: `G${100 + i}-LPCLOUD`,
      granuleUr: `HLS.L30.T${i}`,
      provider: 'LPCLOUD',
      collectionConceptId: 'C2021957657-LPCLOUD',
      files: [
        {
          name: `HLS.L30.T${i}.B01.tif`,
          https: `https://data.lpdaac.earthdatacloud.nasa.gov/lp-prod-protected/HLSL30.020/HLS.L30.T${i}/HLS.L30.T${i}.B01.tif`,
          s3: `s3://lp-prod-protected/HLSL30.020/HLS.L30.T${i}/HLS.L30.T${i}.B01.tif`,
          sizeInBytes: 1000 + i,
        },
      ],
    }),
  }));
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('CMR granule search', () => {
  let cmr: CmrServer;
  before(async () => {
    cmr = await startCmrServer({
      granules: [...granules(4100), ...granules(3, 'OTHER')],
      collections: {
        'C2021957657-LPCLOUD': {
          DirectDistributionInformation: {
            Region: 'us-west-2',
            S3CredentialsAPIEndpoint: 'https://data.lpdaac.earthdatacloud.nasa.gov/s3credentials',
          },
        },
      },
    });
  });
  after(() => cmr.close());

  it('pages across 3 pages with CMR-Search-After (same parameters, never page_num) and stops on a short page', async () => {
    cmr.requests.length = 0;
    const client = new CmrClient({ baseUrl: cmr.url, daacs: EARTHDATA_DAACS });
    const found = await collect(client.granules(parseGranuleUri('earthdata:granules?short_name=HLSL30&limit=5000')));
    assert.equal(found.length, 4100);
    assert.equal(client.hits, 4100);
    assert.deepEqual(
      found.slice(0, 2).map((f) => f.granule.conceptId),
      ['G100-LPCLOUD', 'G101-LPCLOUD'],
    );
    const pages = cmr.requests.filter((r) => r.path === '/search/granules.umm_json');
    assert.deepEqual(
      pages.map((r) => [r.query.toString(), r.headers['cmr-search-after'] ?? null]),
      [
        ['short_name=HLSL30&page_size=2000', null],
        ['short_name=HLSL30&page_size=2000', '["stand-in",2000]'],
        ['short_name=HLSL30&page_size=2000', '["stand-in",4000]'],
      ],
    );
    for (const r of pages) {
      assert.equal(r.headers['client-id'], 'cloud-data-router');
      assert.equal(r.headers.authorization, undefined);
    }
    // The collection is asked once, not once per granule.
    assert.equal(cmr.requests.filter((r) => r.path === '/search/collections.umm_json').length, 1);
  });

  it('trims to the limit (page_size = min(limit, 2000)) and stops when CMR-Search-After is missing', async () => {
    cmr.requests.length = 0;
    const ten = await collect(
      new CmrClient({ baseUrl: cmr.url, daacs: EARTHDATA_DAACS }).granules(
        parseGranuleUri('earthdata:granules?short_name=HLSL30&limit=10'),
      ),
    );
    assert.equal(ten.length, 10);
    assert.deepEqual(
      cmr.requests.filter((r) => r.path === '/search/granules.umm_json').map((r) => r.query.get('page_size')),
      ['10'],
    );
    const stops = await startCmrServer({ granules: granules(4100), dropSearchAfterAfterPages: 1 });
    try {
      const got = await collect(
        new CmrClient({ baseUrl: stops.url, daacs: EARTHDATA_DAACS }).granules(
          parseGranuleUri('earthdata:granules?short_name=HLSL30&limit=5000'),
        ),
      );
      assert.equal(got.length, 2000);
      assert.equal(stops.requests.filter((r) => r.path === '/search/granules.umm_json').length, 1);
      assert.match(got[0]!.notes.join(), /Could not read collection C2021957657-LPCLOUD/);
      // Without the collection the DAAC table fills in.
      assert.equal(got[0]!.granule.region, 'us-west-2');
    } finally {
      await stops.close();
    }
  });

  it('fills region and s3credentials from the collection; the token goes to CMR only as Bearer', async () => {
    cmr.requests.length = 0;
    const client = new CmrClient({ baseUrl: cmr.url, daacs: EARTHDATA_DAACS, token: 'tok-123' });
    const [first] = await collect(client.granules(parseGranuleUri('earthdata:granules?short_name=HLSL30&limit=1')));
    assert.equal(first!.granule.region, 'us-west-2');
    assert.equal(first!.granule.s3CredentialsUrl, 'https://data.lpdaac.earthdatacloud.nasa.gov/s3credentials');
    assert.equal(first!.granule.files[0]!.s3Uri, 's3://lp-prod-protected/HLSL30.020/HLS.L30.T0/HLS.L30.T0.B01.tif');
    for (const r of cmr.requests) assert.equal(r.headers.authorization, 'Bearer tok-123');
  });

  it('a CMR 400 is BadInput with CMR’s own words; a 500 is a Lookup failure', async () => {
    const broken = await startCmrServer({ granules: [], status: 400 });
    const down = await startCmrServer({ granules: [], status: 503 });
    try {
      await assert.rejects(
        collect(
          new CmrClient({ baseUrl: broken.url, daacs: [] }).granules(
            parseGranuleUri('earthdata:granules?short_name=X'),
          ),
        ),
        (e: unknown) =>
          e instanceof CdrError && e.code === 'BadInput' && /CMR answered 400: stand-in answers 400/.test(e.message),
      );
      await assert.rejects(
        collect(
          new CmrClient({ baseUrl: down.url, daacs: [] }).granules(parseGranuleUri('earthdata:granules?short_name=X')),
        ),
        (e: unknown) => e instanceof CdrError && e.code === 'Lookup',
      );
    } finally {
      await broken.close();
      await down.close();
    }
  });
});
