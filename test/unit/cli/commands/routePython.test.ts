import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startMastServer } from '../../../support/mastServer';
import { debianPythonMissing, runPython, sealedPythonHome } from '../../../support/python';
import { payload, tempDir } from '../../core/transfer/helpers';
import { runCdr as cdr } from '../../../support/runCdr';

const skip = debianPythonMissing(['astroquery']);
const PUBLIC = 'mast:HST/product/u9o40504m_c3m.fits';
const SECRET_FILE = 'mast:JWST/product/jw01234001001_02101_00001_nrca1_cal.fits';
const TOKEN = 'tok-5e3c9a71f0d24b8e';

describe('cdr route --python with MAST, run by Debian astroquery 0.4.6', { skip }, () => {
  it('downloads the public file byte-identical into astroquery’s layout; a token never appears in the code', async (t) => {
    const pub = payload(200 * 1024);
    const secret = payload(50 * 1024);
    const mast = await startMastServer({
      files: { [PUBLIC]: pub, [SECRET_FILE]: secret },
      proprietary: [SECRET_FILE],
      token: TOKEN,
    });
    t.after(() => mast.close());
    const dir = await tempDir(t);
    const home = join(dir, 'cdr-home');
    const r = await cdr(['route', PUBLIC, SECRET_FILE, '--python'], {
      CDR_MAST_URL: mast.url,
      HOME: home,
      MAST_API_TOKEN: TOKEN,
    });
    assert.equal(r.status, 0, r.stderr);
    const code = r.stdout;
    assert.ok(!code.includes(TOKEN), 'the token is read from the environment, never written into the code');
    // CDR_MAST_URL is not MAST's own host, so the code names that Download API (as for a mirror).
    assert.ok(
      code.includes(
        `Observations.download_file(uri, local_path=local_path, base_url="${mast.url}/api/v0.1/Download/file")`,
      ),
    );
    assert.match(code, /os\.environ\["MAST_API_TOKEN"\]/);

    // Without the token astroquery gets 401 for the exclusive-access file: the script fails, the public file is there.
    const env = await sealedPythonHome(dir, mast.url);
    const work = join(dir, 'work');
    await import('node:fs/promises').then((fs) => fs.mkdir(work, { recursive: true }));
    const anon = await runPython(code, { cwd: work, env });
    assert.notEqual(anon.status, 0, 'the exclusive-access file needs the token');
    assert.deepEqual(await readFile(join(work, 'mastDownload', 'HST', 'u9o40504m', 'u9o40504m_c3m.fits')), pub);

    const withToken = await runPython(code, { cwd: work, env: { ...env, MAST_API_TOKEN: TOKEN } });
    assert.equal(withToken.status, 0, withToken.stderr);
    const got = await readFile(join(work, 'mastDownload', 'JWST', 'jw01234001001', SECRET_FILE.split('/').pop()!));
    assert.deepEqual(got, secret);
    // astroquery logged in through /whoami of the server its astroquery.cfg names, then sent HEAD and GET.
    assert.ok(mast.requests.some((q) => q.path === '/whoami'));
    assert.ok(mast.requests.some((q) => q.method === 'HEAD' && q.uris[0] === SECRET_FILE));
    assert.ok(mast.requests.some((q) => q.method === 'GET' && q.uris[0] === SECRET_FILE));
  });
});

describe('cdr route --explain for an archive astroquery logs in to', () => {
  it('keeps the HTTPS leaf and says the download is delegated to astroquery, and why', async (t) => {
    const dir = await tempDir(t);
    const url = 'https://almascience.eso.org/dataPortal/member.uid___A001_X12a3_X456.tar';
    const r = await cdr(['route', url, '--explain'], { HOME: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /via http, leaf user-not-in-cloud/);
    assert.match(r.stdout, /Delegated to astroquery:\n {4}ALMA logs in its own way/);
    assert.match(r.stdout, /cdr get --via astroquery https:\/\/almascience\.eso\.org\/dataPortal\/member/);
    assert.match(r.stdout, /ALMA_USERNAME/);
  });
});
