import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { routesToPython } from '../../../../src/core/astroquery/routeToPython';
import type { Location } from '../../../../src/core/catalog/types';
import { decide } from '../../../../src/core/routing/decide';
import { DEFAULT_POLICY, type RouteIdentity, type RouteLeaf } from '../../../../src/core/routing/types';
import { debianPythonMissing, runPython, sealedPythonHome } from '../../../support/python';
import { startS3rver } from '../../../support/s3rverHarness';
import { ctx, platformCtx } from '../routing/fixtures';
import { payload, tempDir } from '../transfer/helpers';

const cli = join(__dirname, '../../../../dist/cli.js');
const skip = debianPythonMissing(['boto3']);

function location(bucket: string, key: string, region: string, requesterPays: boolean): Location {
  return {
    input: `s3://${bucket}/${key}`,
    kind: 's3',
    bucket,
    key,
    s3Uri: `s3://${bucket}/${key}`,
    region,
    requesterPays,
    httpUrl: requesterPays ? null : `https://${bucket}.s3.${region}.amazonaws.com/${key}`,
    bytes: null,
    httpLogin: null,
    archiveUri: null,
    notes: [],
    lookupFailed: false,
  };
}

const profileIdentity: RouteIdentity = { hasCredentials: true, source: 'shared-credentials-file', profile: 'science' };
const anonymous: RouteIdentity = { hasCredentials: false, source: null, profile: null };

/** Every S3 leaf of the tree, with the identity that reaches it. */
const CASES: { leaf: RouteLeaf; identity: RouteIdentity; requesterPays: boolean; allowCrossRegion: boolean }[] = [
  { leaf: 'same-region', identity: anonymous, requesterPays: false, allowCrossRegion: false },
  { leaf: 'same-region', identity: profileIdentity, requesterPays: true, allowCrossRegion: false },
  { leaf: 'platform-account', identity: anonymous, requesterPays: false, allowCrossRegion: false },
  { leaf: 'cross-region-requester-pays', identity: profileIdentity, requesterPays: true, allowCrossRegion: true },
];

function cdrGet(args: string[], env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cli, 'get', ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (status) => resolve({ status, stderr }));
  });
}

describe('generated boto3 code against a real S3 API (s3rver), run by Debian python3-boto3', { skip }, () => {
  for (const c of CASES) {
    it(`${c.leaf}${c.requesterPays ? ', requester pays' : ''} (${c.identity.hasCredentials ? `profile ${c.identity.profile}` : 'anonymous'}): the same bytes as cdr get`, async (t) => {
      const s3 = await startS3rver(['cdr-py']);
      t.after(() => s3.stop());
      const body = payload(300 * 1024 + 7);
      const key = 'hst/public/u9o4/u9o40504m_c3m.fits';
      await s3.put('cdr-py', key, body);
      const dir = await tempDir(t);
      const region = c.leaf === 'cross-region-requester-pays' ? 'us-west-2' : 'us-east-1';
      const context = c.leaf === 'platform-account' ? platformCtx('us-east-1') : ctx({ region: 'us-east-1' });
      const loc = location('cdr-py', key, region, c.requesterPays);
      const route = decide(context, loc, c.identity, { ...DEFAULT_POLICY, allowCrossRegion: c.allowCrossRegion });
      assert.equal(route.leaf, c.leaf);
      assert.equal(route.via, 's3');
      const { code } = routesToPython([{ route, location: loc }], c.identity, {
        mode: 'notebook',
        downloadDir: join(dir, 'py'),
      });
      // What users get has no endpoint: real S3 is implied. Only this harness points the client at s3rver.
      assert.ok(!code.includes('endpoint_url'));
      assert.equal(code.includes('UNSIGNED'), !c.identity.hasCredentials);
      assert.equal(code.includes('"RequestPayer": "requester"'), c.requesterPays);
      assert.equal(code.includes('profile_name="science"'), c.identity.hasCredentials);
      assert.ok(code.includes(`region_name="${region}"`));
      const local = code.replace('.client("s3"', `.client("s3", endpoint_url="${s3.endpoint}"`);
      assert.notEqual(local, code);

      const env = await sealedPythonHome(dir);
      // The profile the route names, in files of the sealed home (s3rver accepts its own keys).
      await mkdir(join(env.HOME!, '.aws'), { recursive: true });
      await writeFile(join(env.HOME!, '.aws', 'config'), '[profile science]\nregion = us-east-1\n');
      await writeFile(
        join(env.HOME!, '.aws', 'credentials'),
        '[science]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n',
      );
      const run = await runPython(local, { cwd: dir, env });
      assert.equal(run.status, 0, run.stderr);
      const pyBytes = await readFile(join(dir, 'py', 'cdr-py', ...key.split('/')));

      const got = await cdrGet([loc.input, '--via', 's3', '-o', join(dir, 'cdr')], {
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        HOME: join(dir, 'cdr-home'),
      });
      assert.equal(got.status, 0, got.stderr);
      const cdrBytes = await readFile(join(dir, 'cdr', 'cdr-py', ...key.split('/')));
      assert.deepEqual(pyBytes, body);
      assert.deepEqual(cdrBytes, pyBytes);
    });
  }
});
