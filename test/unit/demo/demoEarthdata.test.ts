import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemoServers, type DemoServers } from '../../../scripts/demo/demoServers';
import type { EarthdataDemoGranule } from '../../../scripts/demo/earthdataDemo';
import { demoCliEnv, runDemoCdr } from '../../support/demoCli';

/** The demo's variables with Earthdata's (a shell running cdr wants both). */
const cliEnv = (demo: DemoServers, home: string, extra: Record<string, string> = {}) =>
  demoCliEnv(demo, home, { ...demo.earthdata.env, ...extra });
const cdr = (args: string[], env: Record<string, string>) => runDemoCdr(args, env, 60_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface JsonRoute {
  uri: string;
  via: 's3' | 'http';
  leaf: string;
  s3Uri: string | null;
  httpUrl: string | null;
  steps: unknown[];
  warnings: string[];
}

function granule(demo: DemoServers, region: string): EarthdataDemoGranule {
  const g = demo.earthdata.granules.find((x) => x.region === region);
  assert.ok(g, `the demo has no ${region} granule`);
  return g;
}

/** No Basic credentials anywhere but Earthdata Login, and no Authorization on any presigned S3 request. */
function assertCredentialsStayed(demo: DemoServers): void {
  for (const r of demo.earthdata.requests()) {
    const auth = String(r.headers.authorization ?? '');
    if (/^basic/i.test(auth)) assert.equal(r.server, 'edl', `Basic credentials reached ${r.server} ${r.url}`);
    if (/[?&]X-Amz-Signature=/.test(r.url)) assert.equal(auth, '', `a presigned URL carried Authorization: ${r.url}`);
  }
}

describe('demo servers: NASA Earthdata (issue 11), driven through the real CLI', () => {
  let home: string;
  let east: DemoServers;
  let west: DemoServers;
  let laptop: DemoServers;
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'cdr-demo-edl-'));
    [east, west, laptop] = await Promise.all([
      startDemoServers({ dir: join(home, 'east'), imds: 'ec2-us-east-1' }),
      startDemoServers({ dir: join(home, 'west'), imds: 'ec2-us-west-2' }),
      startDemoServers({ dir: join(home, 'laptop'), imds: 'off' }),
    ]);
  });
  after(async () => {
    await Promise.all([east?.close(), west?.close(), laptop?.close()]);
    await rm(home, { recursive: true, force: true });
  });

  it('points the CLI (variables) and VS Code (settings) at the same stand-ins on 127.0.0.1', () => {
    const ed = east.earthdata;
    assert.deepEqual(Object.keys(ed.env).sort(), ['CDR_EARTHDATA_DAACS', 'EARTHDATA_CMR_URL', 'EARTHDATA_LOGIN_URL']);
    assert.equal(ed.settings['cloudDataRouter.earthdata.loginUrl'], ed.env.EARTHDATA_LOGIN_URL);
    assert.equal(ed.settings['cloudDataRouter.earthdata.cmrUrl'], ed.env.EARTHDATA_CMR_URL);
    assert.deepEqual(ed.settings['cloudDataRouter.earthdata.daacs'], JSON.parse(ed.env.CDR_EARTHDATA_DAACS));
    for (const d of ed.daacTable) for (const o of d.origins) assert.match(o, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(ed.daacTable.map((d) => d.region).sort(), ['us-east-1', 'us-west-2']);
    // The demo's VS Code gets the settings, not the variables: they must not leak into the common env.
    for (const k of Object.keys(ed.env)) assert.equal(east.env[k], undefined, k);
  });

  it('cdr search finds the demo granules in CMR, with both links, sizes and checksums as served', async () => {
    const g = granule(east, 'us-west-2');
    const r = await cdr(['search', '--short-name', g.shortName, '--version', g.version, '--json'], cliEnv(east, home));
    assert.equal(r.status, 0, r.stderr);
    const text = r.stdout;
    for (const x of east.earthdata.granules.filter((y) => y.shortName === g.shortName)) {
      assert.ok(text.includes(x.httpsUrl), `no ${x.httpsUrl} in ${text}`);
      assert.ok(text.includes(x.s3Uri), `no ${x.s3Uri} in ${text}`);
      assert.ok(text.includes(x.checksum.value), `no checksum of ${x.name}`);
      assert.ok(text.includes(String(x.size)), `no size of ${x.name}`);
    }
  });

  it('on EC2 in us-east-1: the us-east-1 granule comes over S3 with its DAAC credentials, the us-west-2 one over HTTPS', async () => {
    const [inRegion, outOfRegion] = [granule(east, 'us-east-1'), granule(east, 'us-west-2')];
    const r = await cdr(['route', inRegion.s3Uri, outOfRegion.httpsUrl, '--json'], cliEnv(east, home));
    assert.equal(r.status, 0, r.stderr);
    const [a, b] = JSON.parse(r.stdout) as JsonRoute[];
    assert.deepEqual([a.via, a.leaf], ['s3', 'platform-account']);
    const credentials = east.earthdata.daacTable.find((d) => d.id === inRegion.daac)!.s3CredentialsUrl!;
    assert.ok(
      JSON.stringify(a.steps).includes(credentials),
      `the route does not name ${credentials}: ${JSON.stringify(a.steps)}`,
    );
    assert.equal(b.via, 'http');
    assert.equal(b.httpUrl, outOfRegion.httpsUrl);
  });

  it('on a laptop: cdr get brings both granules over HTTPS through the login, byte-identical; Basic only to EDL', async () => {
    const out = join(home, 'laptop-downloads');
    const env = cliEnv(laptop, home, {
      EARTHDATA_USERNAME: laptop.earthdata.user,
      EARTHDATA_PASSWORD: laptop.earthdata.password,
    });
    const gs = [granule(laptop, 'us-west-2'), granule(laptop, 'us-east-1')];
    const r = await cdr(['get', gs[0].httpsUrl, gs[1].s3Uri, '-o', out, '--json'], env);
    assert.equal(r.status, 0, `${r.stderr}\n${r.stdout}`);
    const results = JSON.parse(r.stdout) as { uri: string; status: string; via: string; path: string }[];
    assert.deepEqual(
      results.map((x) => [x.status, x.via]),
      [
        ['COMPLETE', 'http'],
        ['COMPLETE', 'http'],
      ],
    );
    for (const [i, g] of gs.entries()) assert.equal(sha256(await readFile(results[i].path)), g.sha256, g.name);
    const presigned = laptop.earthdata.guard.requests.filter((q) => /X-Amz-Signature=/.test(q.url));
    assert.ok(presigned.length >= 2, `the downloads did not go through the presigned URLs: ${presigned.length}`);
    assert.ok(
      laptop.earthdata.edl.requests.some((q) => /^basic/i.test(String(q.headers.authorization ?? ''))),
      'Earthdata Login never saw the password',
    );
    assertCredentialsStayed(laptop);
  });

  it('on EC2 in us-west-2: cdr get of the HTTPS URL comes over S3 with the DAAC temporary keys, no presigned URL', async () => {
    const out = join(home, 'west-downloads');
    const g = granule(west, 'us-west-2');
    const daac = west.earthdata.daacs[g.daac];
    const env = cliEnv(west, home, { EARTHDATA_TOKEN: west.earthdata.token });
    const r = await cdr(['get', g.httpsUrl, '-o', out, '--json'], env);
    assert.equal(r.status, 0, `${r.stderr}\n${r.stdout}`);
    const [res] = JSON.parse(r.stdout) as { status: string; via: string; path: string }[];
    assert.deepEqual([res.status, res.via], ['COMPLETE', 's3']);
    assert.equal(sha256(await readFile(res.path)), g.sha256);
    assert.equal(daac.credentialsIssued(), 1, 'one /s3credentials fetch for the batch');
    const creds = daac.requests.filter((q) => q.url.startsWith('/s3credentials'));
    assert.ok(
      creds.every((q) => String(q.headers.authorization ?? '').startsWith('Bearer ')),
      'the token went as a bearer',
    );
    assert.equal(west.earthdata.guard.requests.length, 0, 'a presigned URL was used instead of S3');
    assertCredentialsStayed(west);
  });
});
