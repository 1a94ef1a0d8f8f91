import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { netrcEntryFor, parseNetrc, readNetrc } from '../../../../src/core/earthdata/netrc';

describe('parseNetrc', () => {
  it('reads machine, login, password on one line or many, default and quoted values', () => {
    const { entries, problems } = parseNetrc(
      [
        'machine urs.earthdata.nasa.gov login alice password s3cret',
        '',
        'machine data.example.org',
        '  login bob',
        '  password "two words"',
        '  account ignored',
        'default login anon password guest',
      ].join('\n'),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      entries.map((e) => [e.machine, e.login, e.password, e.line]),
      [
        ['urs.earthdata.nasa.gov', 'alice', 's3cret', 1],
        ['data.example.org', 'bob', 'two words', 3],
        [null, 'anon', 'guest', 7],
      ],
    );
  });

  it('skips a macdef body up to the empty line, and comments', () => {
    const { entries } = parseNetrc(
      ['# my logins', 'macdef init', 'machine fake login x password y', '', 'machine real login a password b'].join(
        '\n',
      ),
    );
    assert.deepEqual(
      entries.map((e) => e.machine),
      ['real'],
    );
  });

  it('says what is wrong and where, without the secret', () => {
    const { problems } = parseNetrc('login orphan\nmachine h login u password');
    assert.equal(problems.length, 2);
    assert.match(problems[0], /line 1: "login" before any "machine"/);
    assert.match(problems[1], /line 2: "password" has no value/);
  });

  it('takes the first entry for a machine, case-insensitively, and never the default', () => {
    const { entries } = parseNetrc(
      'machine H.org login 1 password a\nmachine h.org login 2 password b\ndefault login d password d',
    );
    assert.equal(netrcEntryFor(entries, 'h.org')?.login, '1');
    assert.equal(netrcEntryFor(entries, 'other.org'), null);
  });
});

describe('readNetrc', () => {
  const withFile = async (t: { after(fn: () => Promise<void>): void }, text: string, mode: number) => {
    const dir = await mkdtemp(join(tmpdir(), 'cdr-netrc-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const p = join(dir, '.netrc');
    await writeFile(p, text);
    await chmod(p, mode);
    return p;
  };

  it('refuses a file others can read (0644), naming the path and mode, as curl warns', async (t) => {
    const p = await withFile(t, 'machine urs.earthdata.nasa.gov login a password b\n', 0o644);
    const r = readNetrc(p, { platform: 'linux' });
    assert.equal(r.refused, true);
    assert.deepEqual(r.entries, []);
    assert.equal(r.problems.length, 1);
    assert.ok(r.problems[0].includes(p));
    assert.match(r.problems[0], /mode 0644/);
    assert.match(r.problems[0], /chmod 600/);
    assert.ok(!r.problems[0].includes('password b'));
  });

  it('accepts 0600, and a missing file is simply not there', async (t) => {
    const p = await withFile(t, 'machine urs.earthdata.nasa.gov login a password b\n', 0o600);
    const r = readNetrc(p, { platform: 'linux' });
    assert.equal(r.refused, false);
    assert.equal(r.entries[0].password, 'b');
    const missing = readNetrc(`${p}.nope`);
    assert.deepEqual([missing.found, missing.refused, missing.problems], [false, false, []]);
  });
});
