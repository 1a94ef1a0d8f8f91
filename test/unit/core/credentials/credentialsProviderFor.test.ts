import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  credentialsProviderFor,
  resolveCredentialSource,
  type ResolveOptions,
} from '../../../../src/core/credentials/index';

let tmp = '';
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cdr-provider-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function opts(dir: string, env: Record<string, string> = {}): ResolveOptions {
  return { env: { HOME: dir, AWS_EC2_METADATA_DISABLED: 'true', BOTO_CONFIG: '', ...env }, homedir: dir };
}

describe('credentialsProviderFor', () => {
  it('static keys from the credentials file, re-read after the TTL so rotation is picked up', async () => {
    const dir = join(tmp, 'static');
    mkdirSync(join(dir, '.aws'), { recursive: true });
    const write = (id: string) =>
      writeFileSync(join(dir, '.aws/credentials'), `[default]\naws_access_key_id = ${id}\naws_secret_access_key = s\n`);
    write('AKIAFIRST00000000001');
    let t = 1_000_000;
    const o = { ...opts(dir), now: () => t };
    const provider = credentialsProviderFor(await resolveCredentialSource(o), o);
    assert.equal((await provider()).accessKeyId, 'AKIAFIRST00000000001');
    write('AKIASECOND0000000002');
    assert.equal((await provider()).accessKeyId, 'AKIAFIRST00000000001', 'cached within the TTL');
    t += 61_000;
    assert.equal((await provider()).accessKeyId, 'AKIASECOND0000000002');
  });

  it('re-runs credential_process when its credentials near expiry, and shares one run between concurrent callers', async () => {
    const dir = join(tmp, 'proc');
    mkdirSync(join(dir, '.aws'), { recursive: true });
    const counter = join(dir, 'count');
    writeFileSync(counter, '0');
    const script = join(dir, 'proc.js');
    writeFileSync(
      script,
      `const fs=require('fs');const n=Number(fs.readFileSync(${JSON.stringify(counter)},'utf8'))+1;fs.writeFileSync(${JSON.stringify(counter)},String(n));
process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'AKIAPROC'+String(n).padStart(12,'0'),SecretAccessKey:'s',SessionToken:'t',Expiration:new Date(Date.now()+3600e3).toISOString()}))`,
    );
    writeFileSync(join(dir, '.aws/config'), `[default]\ncredential_process = ${process.execPath} ${script}\n`);
    let t = Date.now();
    const o = { ...opts(dir), now: () => t };
    const resolution = await resolveCredentialSource(o);
    assert.equal(resolution.source, 'custom-process');
    const provider = credentialsProviderFor(resolution, o);
    const [a, b] = await Promise.all([provider(), provider()]);
    assert.equal(a.accessKeyId, b.accessKeyId);
    assert.equal(readFileSync(counter, 'utf8'), '2', 'one run for the resolution, one for both callers');
    assert.ok(a.expiration instanceof Date);
    t += 56 * 60_000; // within 5 minutes of the 1 h expiry
    const c = await provider();
    assert.notEqual(c.accessKeyId, a.accessKeyId);
    assert.equal(readFileSync(counter, 'utf8'), '3');
  });

  it('container credentials from a local FULL_URI endpoint', async () => {
    let calls = 0;
    const server = http.createServer((_req, res) => {
      calls++;
      res.end(
        JSON.stringify({
          AccessKeyId: 'ASIACONTAINER0000001',
          SecretAccessKey: 'cs',
          Token: 'ct',
          Expiration: new Date(Date.now() + 3600_000).toISOString(),
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const dir = join(tmp, 'container');
      mkdirSync(dir, { recursive: true });
      const o = opts(dir, {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/creds`,
      });
      const resolution = await resolveCredentialSource(o);
      assert.equal(resolution.source, 'container-role');
      const id = await credentialsProviderFor(resolution, o)();
      assert.deepEqual([id.accessKeyId, id.secretAccessKey, id.sessionToken], ['ASIACONTAINER0000001', 'cs', 'ct']);
      assert.equal(calls, 2);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('refuses to build a provider for an error or for no credentials', async () => {
    const dir = join(tmp, 'none');
    mkdirSync(dir, { recursive: true });
    const none = await resolveCredentialSource(opts(dir));
    assert.throws(() => credentialsProviderFor(none, opts(dir)), /No AWS credentials/);
    const missing = await resolveCredentialSource(opts(dir, { AWS_PROFILE: 'ghost' }));
    assert.throws(
      () => credentialsProviderFor(missing, opts(dir, { AWS_PROFILE: 'ghost' })),
      /\(ghost\) could not be found/,
    );
  });

  it('explicit keys are used as given', async () => {
    const dir = join(tmp, 'explicit');
    mkdirSync(dir, { recursive: true });
    const o = { ...opts(dir), explicitKeys: { accessKeyId: 'AKIAEXPLICIT00000001', secretAccessKey: 'e' } };
    const r = await resolveCredentialSource(o);
    assert.equal(r.source, 'explicit');
    assert.equal((await credentialsProviderFor(r, o)()).secretAccessKey, 'e');
  });
});
