import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { archiveForUrl, DELEGATED_ARCHIVES, versionAtLeast } from '../../../../src/core/astroquery/archives';
import { delegationNote, delegationRefusal } from '../../../../src/core/astroquery/delegation';
import { routesToPython } from '../../../../src/core/astroquery/routeToPython';
import type { Location } from '../../../../src/core/catalog/types';
import { decide } from '../../../../src/core/routing/decide';
import { DEFAULT_POLICY } from '../../../../src/core/routing/types';
import { anon, offCloud } from '../routing/fixtures';

function httpsLocation(url: string): Location {
  return {
    input: url,
    kind: 'https',
    bucket: null,
    key: null,
    s3Uri: null,
    region: null,
    requesterPays: false,
    httpUrl: url,
    bytes: null,
    httpLogin: null,
    archiveUri: null,
    notes: [],
    lookupFailed: false,
  };
}

function codeFor(url: string, mode: 'notebook' | 'delegate' = 'notebook') {
  const location = httpsLocation(url);
  const route = decide(offCloud(), location, anon, DEFAULT_POLICY);
  return { route, ...routesToPython([{ route, location }], anon, { mode, manifestPath: '/tmp/m.json' }) };
}

/** One URL per delegated archive family, with the astroquery call it must become. */
const FAMILIES: [string, RegExp][] = [
  ['https://dataportal.eso.org/dataPortal/file/ADP.2020-06-17T10:12:42.931', /Eso\.retrieve_data\(\["ADP\.2020/],
  [
    'https://almascience.eso.org/dataPortal/member.uid___A001_X12a3_X456.tar',
    /Alma\.download_files\(\["https:\/\/almascience\.eso\.org/,
  ],
  [
    'https://gea.esac.esa.int/data-server/data?RETRIEVAL_TYPE=EPOCH_PHOTOMETRY&ID=4295806720',
    /Gaia\.load_data\(\*\*kw\)/,
  ],
  [
    'https://hst.esac.esa.int/ehst-sl-server/servlet/data-action?OBSERVATION_ID=j6fl25s4q',
    /ESAHubble\.download_product\("j6fl25s4q"/,
  ],
  [
    'https://jwst.esac.esa.int/server/data?ARTIFACTID=jw01234-o001_t001_nircam_clear-f090w_i2d.fits',
    /Jwst\.get_product\(artifact_id=/,
  ],
  [
    'https://eas.esac.esa.int/sas-dd/data?file_name=EUC_MER_BGSUB-MOSAIC-VIS_TILE102018211.fits',
    /Euclid\.get_product\(file_name=/,
  ],
  [
    'https://nxsa.esac.esa.int/nxsa-sl/servlet/data-action-aio?obsno=0112880801',
    /XMMNewton\.download_data\("0112880801"/,
  ],
  ['https://ws-cadc.canfar.net/minoc/files/cadc:CFHT/2104541o.fits.fz', /Cadc\(\)\.login\(certificate_file=cert\)/],
];

describe('routesToPython', () => {
  for (const [url, call] of FAMILIES) {
    it(`${new URL(url).host}: the leaf stays HTTP, the code is astroquery's (${call.source.slice(0, 30)}…)`, () => {
      const { route, code, skipped } = codeFor(url);
      assert.equal(route.via, 'http');
      assert.equal(route.leaf, 'user-not-in-cloud');
      assert.deepEqual(skipped, []);
      assert.match(code, call);
      const a = archiveForUrl(url)!;
      assert.ok(code.includes(`from ${a.module} import`), `imports ${a.module}`);
      // Too old or missing → one message with the install command, not a traceback.
      assert.match(code, /raise SystemExit\(f".* needs astroquery .* python3 -m pip install -U astroquery/);
      if (a.variable) assert.ok(code.includes(a.variable), `reads ${a.variable}`);
    });
  }

  it(
    'every generated script is valid Python (parsed by Debian python3)',
    { skip: !existsSync('/usr/bin/python3') },
    () => {
      for (const [url] of [...FAMILIES, ['https://data.example.org/a/b.fits'] as const]) {
        for (const mode of ['notebook', 'delegate'] as const) {
          const { code } = codeFor(url, mode);
          const r = spawnSync('/usr/bin/python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], {
            input: code,
            encoding: 'utf8',
          });
          assert.equal(r.status, 0, `${url} (${mode}): ${r.stderr}`);
        }
      }
    },
  );

  it('a URL of a delegated archive that astroquery cannot take is skipped with the reason, not guessed', () => {
    const { code, skipped } = codeFor('https://dataportal.eso.org/some/page.html');
    assert.equal(skipped.length, 1);
    assert.match(skipped[0]!.reason, /dataPortal\/file\/<id>/);
    assert.match(code, /# https:\/\/dataportal\.eso\.org\/some\/page\.html: not generated/);
  });

  it('other https files use requests with a bearer token read from CDR_BEARER_TOKENS, never a literal', () => {
    const { code } = codeFor('https://data.example.org/a/b.fits');
    assert.match(code, /requests\.get\("https:\/\/data\.example\.org\/a\/b\.fits", headers=headers/);
    assert.match(code, /os\.environ\.get\("CDR_BEARER_TOKENS", ""\)/);
    assert.match(code, /local_path = os\.path\.join\(download_dir, "data\.example\.org", "a", "b\.fits"\)/);
  });

  it('object keys cannot climb out of the download folder', () => {
    const { code } = codeFor('https://data.example.org/a/%2E%2E/%2E%2E/etc/passwd');
    assert.doesNotMatch(code, /"\.\."/);
  });

  it('delegate mode wraps each file, checks the keyring before any prompt and always writes the manifest', () => {
    const { code } = codeFor(FAMILIES[0]![0], 'delegate');
    assert.match(code, /_login_without_prompt\("astroquery:www\.eso\.org", user, "ESO_USERNAME"\)/);
    assert.match(code, /_record\("https:\/\/dataportal\.eso\.org\/dataPortal\/file\/ADP[^"]*", _get_1\)/);
    assert.match(code, /finally:\n {4}with open\("\/tmp\/m\.json", "w"\) as f:/);
    const notebook = codeFor(FAMILIES[0]![0]).code;
    assert.doesNotMatch(notebook, /_record|_login_without_prompt|json\.dump/);
  });
});

describe('delegation rules', () => {
  it('every archive family is in the catalog with its module and a way to avoid the prompt', () => {
    const ids = DELEGATED_ARCHIVES.map((a) => a.id);
    for (const id of ['mast', 'eso', 'alma', 'gaia', 'esa-hubble', 'esa-jwst', 'esa-euclid', 'esa-xmm', 'cadc'])
      assert.ok(ids.includes(id as never), id);
    for (const a of DELEGATED_ARCHIVES) if (a.prompts) assert.ok(a.variable && a.keyringService, a.id);
  });

  it('only a prompting archive without its variable is refused, and only without a terminal', () => {
    const eso = archiveForUrl(FAMILIES[0]![0])!;
    const gaia = archiveForUrl(FAMILIES[2]![0])!;
    assert.match(delegationRefusal([eso], { interactive: false, env: {} })!, /ESO_USERNAME/);
    assert.equal(delegationRefusal([eso], { interactive: true, env: {} }), null);
    assert.equal(delegationRefusal([eso], { interactive: false, env: { ESO_USERNAME: 'u' } }), null);
    assert.equal(delegationRefusal([gaia], { interactive: false, env: {} }), null);
  });

  it('the explanation says why and how a download is delegated', () => {
    const { route } = codeFor(FAMILIES[1]![0]);
    const note = delegationNote(route);
    assert.match(note, /Delegated to astroquery/);
    assert.match(note, /ALMA logs in its own way .* astroquery's astroquery\.alma implements it/);
    assert.match(note, /cdr get --via astroquery https:\/\/almascience/);
    assert.equal(delegationNote(codeFor('https://data.example.org/x.fits').route), '');
  });

  it('compares astroquery versions by release numbers', () => {
    assert.ok(versionAtLeast('0.4.6', '0.4.6'));
    assert.ok(versionAtLeast('0.4.11', '0.4.8'));
    assert.ok(versionAtLeast('0.4.12.dev3', '0.4.11'));
    assert.ok(!versionAtLeast('0.4.7', '0.4.8'));
    assert.ok(!versionAtLeast('0.3.10', '0.4.6'));
  });
});
