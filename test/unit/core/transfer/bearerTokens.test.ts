import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CdrError } from '../../../../src/core/errors';
import { mergeHeaders, parseBearerTokens } from '../../../../src/core/transfer/bearerTokens';

describe('bearer tokens per host', () => {
  it('parses host=token pairs into headers keyed by host or origin', () => {
    assert.deepEqual(parseBearerTokens('data.example.org=abc, http://127.0.0.1:8080=x==', 'T'), {
      'data.example.org': { Authorization: 'Bearer abc' },
      'http://127.0.0.1:8080': { Authorization: 'Bearer x==' },
    });
  });

  it('rejects bad entries naming the host, never the token', () => {
    for (const bad of ['noequals', '=tok', 'https://h.org/path=s3cr3t', 'not a host=s3cr3t', 'h.org=']) {
      assert.throws(
        () => parseBearerTokens(bad, 'T'),
        (e: unknown) => e instanceof CdrError && e.isBadInput && !e.message.includes('s3cr3t'),
        bad,
      );
    }
  });

  it('merges maps, later ones winning per origin', () => {
    assert.deepEqual(
      mergeHeaders({ a: { Authorization: 'Bearer 1' } }, { a: { Authorization: 'token 2' }, b: { X: 'y' } }),
      {
        a: { Authorization: 'token 2' },
        b: { X: 'y' },
      },
    );
  });
});
