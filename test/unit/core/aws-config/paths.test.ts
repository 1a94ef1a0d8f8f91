import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandPath, resolveAwsConfigPaths } from '../../../../src/core/aws-config/paths';

describe('resolveAwsConfigPaths', () => {
  it('defaults to ~/.aws/config and ~/.aws/credentials under HOME', () => {
    const p = resolveAwsConfigPaths({ HOME: '/home/u' }, '/ignored');
    assert.equal(p.config, '/home/u/.aws/config');
    assert.equal(p.credentials, '/home/u/.aws/credentials');
    assert.equal(p.configFrom, 'default');
  });
  it('uses the homedir when HOME is unset', () => {
    assert.equal(resolveAwsConfigPaths({}, '/root2').config, '/root2/.aws/config');
  });
  it('an empty variable means no file, with no fallback', () => {
    const p = resolveAwsConfigPaths({ HOME: '/h', AWS_CONFIG_FILE: '', AWS_SHARED_CREDENTIALS_FILE: '' }, '/h');
    assert.equal(p.config, null);
    assert.equal(p.credentials, null);
    assert.equal(p.configFrom, 'AWS_CONFIG_FILE');
  });
  it('expands ~ and $VAR / ${VAR}, leaving unknown variables as written', () => {
    const env = { HOME: '/h', X: 'xx' };
    assert.equal(expandPath('~/a', env, '/no'), '/h/a');
    assert.equal(expandPath('$X/a/${X}', env, '/no'), 'xx/a/xx');
    assert.equal(expandPath('$NOPE/a', env, '/no'), '$NOPE/a');
    assert.equal(resolveAwsConfigPaths({ ...env, AWS_SHARED_CREDENTIALS_FILE: '$HOME/c' }, '/no').credentials, '/h/c');
  });
});
