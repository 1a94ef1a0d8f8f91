import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUmmCollection, parseUmmGranule } from '../../../../src/core/earthdata/ummGranule';
import { ummGranule } from '../../../support/earthdata/cmrServer';

describe('UMM-G granule records', () => {
  it('keeps both links per file as the record gives them, with SizeInBytes and the checksum', () => {
    const g = parseUmmGranule(
      ummGranule({
        conceptId: 'G1-PODAAC',
        granuleUr: 'g1',
        provider: 'POCLOUD',
        collectionConceptId: 'C1-POCLOUD',
        s3CredentialsUrl: 'https://archive.podaac.earthdata.nasa.gov/s3credentials',
        files: [
          {
            name: 'f.nc',
            https: 'https://archive.podaac.earthdata.nasa.gov/podaac-ops-cumulus-protected/C/f.nc',
            s3: 's3://somewhere-else/renamed/f.nc',
            sizeInBytes: 2015649,
            size: 2.015649,
            sizeUnit: 'MB',
            checksum: { algorithm: 'SHA-256', value: 'ab'.repeat(32) },
          },
        ],
      }),
    )!;
    assert.equal(g.s3CredentialsUrl, 'https://archive.podaac.earthdata.nasa.gov/s3credentials');
    assert.deepEqual(g.files, [
      {
        name: 'f.nc',
        httpsUrl: 'https://archive.podaac.earthdata.nasa.gov/podaac-ops-cumulus-protected/C/f.nc',
        s3Uri: 's3://somewhere-else/renamed/f.nc',
        sizeBytes: 2015649,
        checksum: { algorithm: 'SHA-256', value: 'ab'.repeat(32) },
      },
    ]);
    assert.deepEqual(g.notes, []);
  });

  it('a unit size is ambiguous: approximate only, with a note; NA is unknown', () => {
    const g = parseUmmGranule(
      ummGranule({
        conceptId: 'G2-NSIDC',
        granuleUr: 'g2',
        provider: 'NSIDC_CPRD',
        collectionConceptId: 'C2-NSIDC',
        files: [
          { name: 'a.h5', https: 'https://h/a.h5', size: 2.5, sizeUnit: 'MB' },
          { name: 'b.h5', https: 'https://h/b.h5', size: 589.3, sizeUnit: 'NA' },
          { name: 'c.h5', https: 'https://h/c.h5' },
        ],
      }),
    )!;
    assert.deepEqual(
      g.files.map((f) => [f.name, f.sizeBytes, f.approximateBytes]),
      [
        ['a.h5', null, 2_500_000],
        ['b.h5', null, undefined],
        ['c.h5', null, undefined],
      ],
    );
    assert.match(g.notes[0]!, /a\.h5's size only as 2\.5 MB, which is ambiguous \(1000\^2 or 1024\^2/);
    assert.match(g.notes[1]!, /b\.h5's size as 589\.3 with unit NA: unknown/);
    assert.match(g.notes[2]!, /no size for c\.h5/);
  });

  it('skips OPeNDAP service links and metadata; reads the collection region and endpoint', () => {
    const item = ummGranule({
      conceptId: 'G3-X',
      granuleUr: 'g3',
      provider: 'X',
      collectionConceptId: 'C3-X',
      files: [],
    });
    (item.umm.RelatedUrls as unknown[]).push(
      { URL: 'https://opendap.earthdata.nasa.gov/g3', Type: 'USE SERVICE API', Subtype: 'OPENDAP DATA' },
      { URL: 'https://h/g3.nc.dmrpp', Type: 'GET DATA', Subtype: 'DMR++' },
      { URL: 'https://h/g3.md5', Type: 'EXTENDED METADATA' },
    );
    assert.deepEqual(parseUmmGranule(item)!.files, []);
    assert.deepEqual(
      parseUmmCollection({
        umm: {
          DirectDistributionInformation: { Region: 'us-east-1', S3CredentialsAPIEndpoint: 'https://x/s3credentials' },
        },
      }),
      { region: 'us-east-1', s3CredentialsUrl: 'https://x/s3credentials' },
    );
    assert.deepEqual(parseUmmCollection({ umm: {} }), { region: null, s3CredentialsUrl: null });
  });
});
