import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact, redactAccessKeyId } from '../../../../src/core/util/redact';

describe('redact', () => {
  it('shortens access key ids to their first and last four characters', () => {
    assert.equal(redactAccessKeyId('AKIAIOSFODNN7EXAMPLE'), 'AKIA…MPLE');
    assert.equal(redact('key AKIAIOSFODNN7EXAMPLE used'), 'key AKIA…MPLE used');
  });

  it('masks secrets, tokens, authorization headers and presigned signatures', () => {
    const text = redact(
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG aws_session_token=FQoGZXIvYXdz Authorization: token abc123 ' +
        'https://b.s3.amazonaws.com/k?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F2026',
    );
    for (const secret of ['wJalrXUtnFEMI', 'FQoGZXIvYXdz', 'abc123', 'deadbeef', 'AKIAIOSFODNN7EXAMPLE']) {
      assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
    }
    assert.match(text, /Authorization: token \[redacted\]/);
  });
});
