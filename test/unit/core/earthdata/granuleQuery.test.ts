import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cmrGranuleParams,
  flagName,
  granuleQueryFrom,
  granuleUri,
  parseGranuleUri,
} from '../../../../src/core/earthdata/granuleQuery';
import { CdrError } from '../../../../src/core/errors';

const badInput = (re: RegExp) => (e: unknown) => e instanceof CdrError && e.code === 'BadInput' && re.test(e.message);

describe('granule queries', () => {
  it('flags → query → canonical URI → the same query', () => {
    const q = granuleQueryFrom(
      {
        short_name: 'HLSL30',
        version: '2.0',
        temporal: '2023-06-01,2023-06-30',
        bbox: '-105.3,39.9,-105.1,40.1',
        provider: 'LPCLOUD',
        limit: '25',
      },
      flagName,
    );
    assert.deepEqual(q.temporal, { from: '2023-06-01T00:00:00Z', to: '2023-06-30T23:59:59Z' });
    const uri = granuleUri(q);
    assert.equal(
      uri,
      'earthdata:granules?short_name=HLSL30&version=2.0&provider=LPCLOUD&temporal=2023-06-01T00:00:00Z,2023-06-30T23:59:59Z&bbox=-105.3,39.9,-105.1,40.1&limit=25',
    );
    assert.deepEqual(parseGranuleUri(uri), q);
  });

  it('CMR parameters: temporal[], bounding_box, concept_id[], page_size capped at 2000, never page_num', () => {
    const p = cmrGranuleParams(
      parseGranuleUri('earthdata:granules?concept_id=C1-LPCLOUD,C2-LPCLOUD&temporal=2020-01-01T10:00:00Z,&limit=5000'),
    );
    assert.deepEqual(p.getAll('concept_id[]'), ['C1-LPCLOUD', 'C2-LPCLOUD']);
    assert.equal(p.get('temporal[]'), '2020-01-01T10:00:00Z,');
    assert.equal(p.get('page_size'), '2000');
    assert.equal(p.has('page_num'), false);
  });

  for (const [fields, re] of [
    [{ short_name: 'X', bbox: '1,2,3' }, /--bbox must be four numbers W,S,E,N in degrees: 1,2,3/],
    [{ short_name: 'X', bbox: '-190,0,10,10' }, /--bbox: west and east must be within -180..180/],
    [{ short_name: 'X', bbox: '0,50,10,40' }, /--bbox: south is north of north/],
    [{ short_name: 'X', temporal: '2020-01-01' }, /--temporal must be two dates or times separated by a comma/],
    [{ short_name: 'X', temporal: '2020/01/01,' }, /--temporal must be A,B with dates/],
    [{ short_name: 'X', temporal: '2021-02-30,' }, /--temporal has a date that does not exist/],
    [{ short_name: 'X', temporal: '2021-03-01,2021-02-01' }, /--temporal starts after it ends/],
    [{ short_name: 'X', limit: '0' }, /--limit must be a whole number from 1 to 1000000: 0/],
    [{ concept_id: 'nope' }, /--concept-id must be a CMR concept id/],
    [{ version: '1' }, /needs --short-name or --concept-id/],
  ] as const) {
    it(`refuses ${JSON.stringify(fields)} in one line`, () => {
      assert.throws(() => granuleQueryFrom(fields, flagName), badInput(re));
    });
  }

  it('refuses unknown URI parameters and other earthdata: forms, naming them', () => {
    assert.throws(
      () => parseGranuleUri('earthdata:granules?short_name=X&page_num=2'),
      badInput(/Unknown parameter page_num .*expected short_name, version/),
    );
    assert.throws(() => parseGranuleUri('earthdata:collections?x=1'), badInput(/Not an Earthdata search URI/));
    assert.throws(
      () => parseGranuleUri('earthdata:granules?short_name=X&bbox=1,2'),
      badInput(/bbox must be four numbers .* \(in earthdata:granules\?short_name=X&bbox=1,2\)/),
    );
  });
});
