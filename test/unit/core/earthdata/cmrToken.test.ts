import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cmrSearchToken } from '../../../../src/core/earthdata/cmrToken';
import type { EarthdataLogin, EarthdataLoginState } from '../../../../src/core/earthdata/types';

const login = (over: Partial<EarthdataLogin>): EarthdataLoginState => ({
  login: {
    source: 'env-token',
    where: 'EARTHDATA_TOKEN',
    user: 'u',
    token: 'tok',
    tokenExpiresAt: new Date('2026-12-31T00:00:00Z'),
    basic: null,
    ...over,
  },
  skipped: [],
  problems: [],
});

describe('the token a CMR search sends', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  it('a valid token is sent', () => {
    assert.deepEqual(cmrSearchToken(login({}), now), { token: 'tok', note: null });
  });
  it('an expired token is left out, and the note says why', () => {
    const r = cmrSearchToken(login({ tokenExpiresAt: new Date('2026-01-01T00:00:00Z') }), now);
    assert.equal(r.token, null);
    assert.match(r.note!, /without a token .*expired at 2026-01-01/);
  });
  it('no token (netrc Basic, or no login): none, and Basic never goes to CMR', () => {
    assert.deepEqual(cmrSearchToken(login({ token: null, basic: { username: 'u', password: 'p' } }), now), {
      token: null,
      note: null,
    });
    assert.deepEqual(cmrSearchToken({ login: null, skipped: [], problems: [] }, now), { token: null, note: null });
  });
});
