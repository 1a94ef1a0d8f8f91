import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIni } from '../../../../src/core/aws-config/parseIni';
import { buildProfileMap } from '../../../../src/core/aws-config/profiles';
import { profilesFromMap } from '../../../../src/core/aws-config/loadAwsConfig';

const CF = '/h/.aws/config';
const KF = '/h/.aws/credentials';
function model(config: string | null, credentials: string | null) {
  const map = buildProfileMap(
    config === null ? null : parseIni(config, { file: CF }),
    credentials === null ? null : parseIni(credentials, { file: KF }),
  );
  const profiles = profilesFromMap(map);
  return { map, get: (n: string) => profiles.find((p) => p.name === n), profiles };
}
const STATIC = 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n';

describe('profile model', () => {
  it('reads [profile x] and [default] from config, [x] verbatim from credentials', () => {
    const m = model(
      '[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n[bare]\nx = 1\n',
      `[profile dev]\n${STATIC}[ci]\n${STATIC}`,
    );
    assert.deepEqual(m.profiles.map((p) => p.name).sort(), ['ci', 'default', 'dev', 'profile dev']);
    assert.equal(m.get('dev')!.region, 'eu-west-1');
    assert.equal(m.get('ci')!.kind, 'static');
    assert.ok(m.map.problems.some((p) => p.line === 5 && /\[bare\] is not a profile/.test(p.message)));
    assert.ok(m.map.problems.some((p) => p.file === KF && p.line === 1 && /uses \[dev\]/.test(p.message)));
  });

  it("merges credentials keys over config keys and keeps each key's file:line", () => {
    const m = model('[profile dev]\nregion = us-east-1\noutput = json\n', '[dev]\nregion = us-west-2\n');
    const dev = m.get('dev')!;
    assert.equal(dev.region, 'us-west-2');
    assert.deepEqual(dev.keys.region, { value: 'us-west-2', file: KF, line: 2 });
    assert.deepEqual(dev.keys.output, { value: 'json', file: CF, line: 3 });
    assert.equal(dev.file, CF);
    assert.equal(dev.line, 1);
  });

  it('masks secrets in the keys it exposes, keeping file:line', () => {
    const m = model(
      null,
      '[ci]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI\naws_session_token = tok\n',
    );
    assert.deepEqual(m.get('ci')!.keys, {
      aws_access_key_id: { value: 'AKIAIOSFODNN7EXAMPLE', file: KF, line: 2 },
      aws_secret_access_key: { value: '[redacted]', file: KF, line: 3 },
      aws_session_token: { value: '[redacted]', file: KF, line: 4 },
    });
    assert.equal(m.map.profiles.get('ci')!.keys.aws_secret_access_key!.value, 'wJalrXUtnFEMI');
  });

  it('lets a later [default] replace [profile default] entirely, and says so', () => {
    const m = model('[profile default]\nregion = a\noutput = json\n[default]\nregion = b\n', null);
    assert.equal(m.get('default')!.region, 'b');
    assert.equal(m.get('default')!.keys.output, undefined);
    assert.ok(
      m.map.problems.some(
        (p) => p.line === 4 && /replaces the whole profile "default" defined at line 1/.test(p.message),
      ),
    );
  });

  it('shell-splits names: quotes work, three words are dropped with a warning', () => {
    const m = model('[profile "my team"]\nregion = x\n[profile a b]\nregion = y\n', null);
    assert.ok(m.get('my team'));
    assert.equal(m.get('a'), undefined);
    assert.ok(m.map.problems.some((p) => p.line === 3 && /is ignored/.test(p.message)));
  });

  it('parses [sso-session] and [services] sections', () => {
    const m = model(
      '[sso-session corp]\nsso_region = us-east-1\n[services local]\ns3 =\n  endpoint_url = http://127.0.0.1:9000\n',
      null,
    );
    assert.equal(m.map.ssoSessions.get('corp')!.section.line, 1);
    assert.equal(m.map.services.get('local')!.section.line, 3);
  });

  it('classifies kinds', () => {
    const m = model(
      [
        `[profile s]\n${STATIC}`,
        `[profile t]\n${STATIC}aws_session_token = x\n`,
        '[profile r]\nrole_arn = arn\ncredential_source = Environment\n',
        '[profile w]\nweb_identity_token_file = /t\nrole_arn = arn\n',
        '[profile l]\nsso_start_url = u\nsso_region = r\nsso_account_id = 1\nsso_role_name = n\n',
        '[profile n]\nsso_session = c\nsso_account_id = 1\nsso_role_name = n\n[sso-session c]\nsso_start_url = u\nsso_region = r\n',
        '[profile p]\ncredential_process = /bin/true\n',
        '[profile g]\nlogin_session = x\n',
        '[profile o]\nregion = us-east-1\n',
      ].join(''),
      null,
    );
    const kinds = Object.fromEntries(m.profiles.map((p) => [p.name, p.kind]));
    assert.deepEqual(kinds, {
      s: 'static',
      t: 'session',
      r: 'assume-role',
      w: 'web-identity',
      l: 'sso-legacy',
      n: 'sso-session',
      p: 'credential-process',
      g: 'login-session',
      o: 'region-only',
    });
  });
});

describe('profile problems with file:line', () => {
  const problems = (config: string, name: string) =>
    model(config, null)
      .get(name)!
      .problems.map((p) => `${p.line}: ${p.message}`);

  it('missing secret', () => {
    assert.deepEqual(problems('[default]\naws_access_key_id = A\n', 'default'), [
      '2: aws_access_key_id without aws_secret_access_key (partial credentials)',
    ]);
  });
  it('unknown source_profile', () => {
    assert.deepEqual(problems('[profile a]\nrole_arn = r\nsource_profile = zz\n', 'a'), [
      '3: source_profile "zz" of profile "a" does not exist',
    ]);
  });
  it('a cycle, with the full chain', () => {
    const m = model(
      '[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = c\n[profile c]\nrole_arn = r\nsource_profile = a\n',
      null,
    );
    assert.deepEqual(
      m.get('a')!.problems.map((p) => p.message),
      ['source_profile loop: a -> b -> c -> a'],
    );
    assert.equal(m.get('a')!.kind, 'invalid');
    assert.equal(m.get('a')!.intendedKind, 'assume-role');
  });
  it('a profile naming itself is fine with static keys, a loop without', () => {
    assert.deepEqual(problems(`[profile a]\nrole_arn = r\nsource_profile = a\n${STATIC}`, 'a'), []);
    assert.deepEqual(problems('[profile a]\nrole_arn = r\nsource_profile = a\n', 'a'), [
      '3: source_profile loop: a -> a',
    ]);
  });
  it('both or neither of source_profile and credential_source', () => {
    assert.match(
      problems('[profile a]\nrole_arn = r\nsource_profile = a\ncredential_source = Environment\n', 'a')[0]!,
      /^4: .*both source_profile \(line 3\) and credential_source/,
    );
    assert.deepEqual(problems('[profile a]\nrole_arn = r\n', 'a'), [
      '2: role_arn needs source_profile or credential_source',
    ]);
  });
  it('credential_source is case-sensitive', () => {
    assert.match(
      problems('[profile a]\nrole_arn = r\ncredential_source = environment\n', 'a')[0]!,
      /^3: credential_source "environment" is not one of Environment, Ec2InstanceMetadata, EcsContainer/,
    );
  });
  it('missing or inconsistent sso-session', () => {
    assert.deepEqual(problems('[profile a]\nsso_session = x\nsso_account_id = 1\nsso_role_name = r\n', 'a'), [
      '2: [sso-session x] does not exist in the config file',
    ]);
    assert.match(
      problems(
        '[profile a]\nsso_session = x\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = r\n[sso-session x]\nsso_region = us-east-1\nsso_start_url = u\n',
        'a',
      )[0]!,
      /^3: sso_region is "eu-west-1" here but "us-east-1" in \[sso-session x\] \(\/h\/.aws\/config:7\)/,
    );
    assert.deepEqual(problems('[profile a]\nsso_account_id = 1\n', 'a'), [
      '2: SSO profile is missing sso_start_url, sso_region, sso_role_name',
    ]);
  });
});
