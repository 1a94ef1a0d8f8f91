import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startMastServer } from '../../../support/mastServer';
import { DEBIAN_PYTHON, debianPythonMissing, sealedPythonHome } from '../../../support/python';
import { payload, tempDir } from '../../core/transfer/helpers';

const cli = join(__dirname, '../../../../dist/cli.js');

/** stdin is a pipe, never a terminal: the situation of CI, cron, or a VS Code child process. */
function cdr(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ status: number | null; stdout: string; stderr: string; ms: number; timedOut: boolean }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cli, ...args], {
      env: { AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      p.kill('SIGKILL');
    }, timeoutMs);
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: Date.now() - t0, timedOut });
    });
  });
}

const ESO_URL = 'https://dataportal.eso.org/dataPortal/file/ADP.2020-06-17T10:12:42.931';
const PUBLIC = 'mast:HST/product/u9o40504m_c3m.fits';
const skip = debianPythonMissing(['astroquery']);

describe('cdr get --via astroquery', () => {
  it('refuses ESO up front without a terminal, naming the credential, and never hangs', async (t) => {
    const dir = await tempDir(t);
    const r = await cdr(
      ['get', '--via', 'astroquery', ESO_URL, '-o', join(dir, 'out')],
      {
        PATH: '/usr/bin:/bin',
        HOME: dir,
        CDR_PYTHON: join(dir, 'no-such-python'),
      },
      20_000,
    );
    assert.equal(r.timedOut, false);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /ESO's login \(astroquery\.eso\) would ask for a password and there is no terminal/);
    assert.match(r.stderr, /ESO_USERNAME/);
    assert.match(r.stderr, /python3 -m keyring set astroquery:www\.eso\.org <user>/);
    // Refused before anything ran: not even the missing interpreter was tried.
    assert.doesNotMatch(r.stderr, /No working Python/);
    assert.equal(existsSync(join(dir, 'out')), false);
  });

  it(
    'refuses with --no-input even when the user name is set but explains the keyring; never prompts',
    { skip },
    async (t) => {
      const dir = await tempDir(t);
      const env = await sealedPythonHome(dir);
      // A user name without a password in the keyring: the script checks the keyring before astroquery's getpass.
      const r = await cdr(
        ['get', '--via', 'astroquery', '--no-input', ESO_URL, '-o', join(dir, 'out')],
        {
          ...env,
          CDR_PYTHON: DEBIAN_PYTHON,
          ESO_USERNAME: 'astro-user',
        },
        60_000,
      );
      assert.equal(r.timedOut, false, 'astroquery must not wait for a password');
      assert.equal(r.status, 1, r.stderr);
      assert.match(
        r.stderr,
        /No password for astro-user in the keyring \(astroquery:www\.eso\.org\) and no terminal to ask on/,
      );
      assert.match(
        r.stderr,
        /Eso\.retrieve_data\(\["ADP\.2020-06-17T10:12:42\.931"\]/,
        'the script is shown before it runs',
      );
      assert.match(
        r.stderr,
        /ESO logs in its own way .*; astroquery's astroquery\.eso implements it, this tool does not/,
      );
      assert.ok(r.stderr.indexOf('retrieve_data') < r.stderr.indexOf('No password'), 'shown before it ran');
    },
  );

  it('names the interpreter problem in one line when Python is missing', async (t) => {
    const dir = await tempDir(t);
    const r = await cdr(['get', '--via', 'astroquery', '--no-input', PUBLIC, '-o', join(dir, 'out')], {
      PATH: '/usr/bin:/bin',
      HOME: dir,
      CDR_MAST_URL: 'http://127.0.0.1:9',
      CDR_PYTHON: join(dir, 'no-such-python'),
    });
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /No working Python at .*no-such-python \(ENOENT\): install Python 3 and astroquery: python3 -m pip install -U astroquery/,
    );
    assert.doesNotMatch(r.stderr, /Traceback/);
  });

  const pyenvPython = '/root/.pyenv/versions/3.11.7/bin/python3';
  it(
    'says how to install astroquery when the interpreter has none',
    { skip: !existsSync(pyenvPython) && 'no Python without astroquery here' },
    async (t) => {
      const dir = await tempDir(t);
      const r = await cdr(['get', '--via', 'astroquery', '--no-input', PUBLIC, '-o', join(dir, 'out')], {
        PATH: '/usr/bin:/bin',
        HOME: dir,
        CDR_MAST_URL: 'http://127.0.0.1:9',
        CDR_PYTHON: pyenvPython,
      });
      assert.equal(r.status, 1);
      assert.match(
        r.stderr,
        new RegExp(`astroquery is not installed for ${pyenvPython}: ${pyenvPython} -m pip install -U astroquery`),
      );
    },
  );

  it('runs a MAST download through Debian astroquery and reads its manifest back', { skip }, async (t) => {
    const body = payload(123 * 1024);
    const mast = await startMastServer({ files: { [PUBLIC]: body } });
    t.after(() => mast.close());
    const dir = await tempDir(t);
    const env = await sealedPythonHome(dir, mast.url);
    const r = await cdr(['get', '--via', 'astroquery', '--no-input', PUBLIC, '-o', join(dir, 'out'), '--json'], {
      ...env,
      CDR_MAST_URL: mast.url,
      CDR_PYTHON: DEBIAN_PYTHON,
    });
    assert.equal(r.status, 0, r.stderr);
    const [res] = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    const expected = join(dir, 'out', 'mastDownload', 'HST', 'u9o40504m', 'u9o40504m_c3m.fits');
    assert.deepEqual([res!.status, res!.via, res!.path, res!.bytes], ['COMPLETE', 'astroquery', expected, body.length]);
    assert.deepEqual(await readFile(expected), body);
    assert.match(r.stderr, /delegating 1 file\(s\) to astroquery \(MAST through astroquery\.mast\)/);
    assert.ok(mast.requests.some((q) => q.method === 'GET' && q.path === '/api/v0.1/Download/file'));
  });

  it('refuses a URL no astroquery module handles (exit 2)', async (t) => {
    const dir = await tempDir(t);
    const r = await cdr(['get', '--via', 'astroquery', 'https://example.org/a.fits'], {
      PATH: '/usr/bin:/bin',
      HOME: dir,
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /https:\/\/example\.org\/a\.fits is not on an archive astroquery handles here/);
  });
});
