import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIni, parseIniBytes } from '../../../../src/core/aws-config/parseIni';
import { shlexSplit } from '../../../../src/core/aws-config/pyText';

const F = '/h/.aws/config';
const p = (text: string) => parseIni(text, { file: F });
const value = (text: string, section: string, key: string) =>
  p(text)
    .sections.find((s) => s.name === section)
    ?.entries.get(key);

describe('parseIni (botocore / configparser rules)', () => {
  it('records the line of every section and key', () => {
    const r = p('# c\n[default]\nregion = us-east-1\n\n[profile dev]\noutput=json\n');
    assert.equal(r.error, null);
    assert.deepEqual(
      r.sections.map((s) => [s.name, s.line]),
      [
        ['default', 2],
        ['profile dev', 5],
      ],
    );
    assert.equal(r.sections[0]!.entries.get('region')!.line, 3);
    assert.equal(r.sections[1]!.entries.get('output')!.line, 6);
  });

  it('keeps "# …" in the value: no inline comments', () => {
    assert.equal(value('[default]\nregion = us-east-1 # east\n', 'default', 'region')?.value, 'us-east-1 # east');
  });

  it('joins an indented line to the previous value', () => {
    assert.equal(value('[default]\nregion = us-east-1\n  more\n', 'default', 'region')?.value, 'us-east-1\nmore');
  });

  it('accepts ":" as the delimiter and lower-cases keys, not section names', () => {
    const r = p('[Dev]\nRegion: eu-west-1\n');
    assert.equal(r.sections[0]!.name, 'Dev');
    assert.equal(r.sections[0]!.entries.get('region')!.value, 'eu-west-1');
  });

  it('parses botocore nested blocks and rejects an indented line without "="', () => {
    assert.deepEqual(value('[default]\ns3 =\n  addressing_style = path\n', 'default', 's3')?.nested, {
      addressing_style: 'path',
    });
    const bad = p('[default]\nregion =\n  us-east-1\n');
    assert.equal(bad.error?.line, 2);
  });

  it('folds [DEFAULT] keys into every section without overriding own keys', () => {
    const r = p('[DEFAULT]\nregion = a\noutput = text\n[x]\nregion = b\n');
    assert.equal(r.sections.length, 1);
    assert.equal(r.sections[0]!.entries.get('region')!.value, 'b');
    assert.equal(r.sections[0]!.entries.get('output')!.value, 'text');
  });

  for (const [name, text, line, pattern] of [
    ['duplicate section', '[a]\nk=1\n[a]\n', 3, /duplicate section \[a\]/],
    ['duplicate key', '[a]\nk=1\nK=2\n', 3, /duplicate key "k" in \[a\] \(first at line 2\)/],
    ['key before section', 'k=1\n[a]\n', 1, /before the first \[section\]/],
    ['garbage line', '[a]\nk=1\nthis is garbage\n', 3, /cannot parse this line/],
    ['BOM', '\ufeff[a]\nk=1\n', 1, /before the first \[section\]/],
  ] as const) {
    it(`rejects a ${name} with its line`, () => {
      const r = p(text);
      assert.equal(r.error?.line, line);
      assert.match(r.error!.message, pattern);
      assert.equal(r.error!.file, F);
    });
  }

  it('rejects invalid UTF-8 and names the line', () => {
    const r = parseIniBytes(Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0x6b, 0x3d, 0xff, 0x0a]), { file: F });
    assert.equal(r.error?.line, 2);
    assert.match(r.error!.message, /UTF-8/);
  });

  it('keeps a UTF-8 BOM as a character (Python does), so the first line breaks', () => {
    const r = parseIniBytes(Buffer.from('\ufeff[a]\nk=1\n', 'utf8'), { file: F });
    assert.equal(r.error?.line, 1);
  });

  it('treats CRLF like LF and ignores comment lines inside a value', () => {
    const r = p('[a]\r\nk = 1\r\n  # note\r\n  2\r\n');
    assert.equal(r.sections[0]!.entries.get('k')!.value, '1\n2');
  });
});

describe('shlexSplit (Python shlex.split)', () => {
  it('splits like a POSIX shell without expanding anything', () => {
    assert.deepEqual(shlexSplit('profile "my team"'), ['profile', 'my team']);
    assert.deepEqual(shlexSplit("a 'b c' d\\ e"), ['a', 'b c', 'd e']);
    assert.deepEqual(shlexSplit('$HOME/x ~/y'), ['$HOME/x', '~/y']);
    assert.deepEqual(shlexSplit("''"), ['']);
  });
  it('returns null where Python raises', () => {
    assert.equal(shlexSplit('profile "open'), null);
    assert.equal(shlexSplit('trailing\\'), null);
  });
});
