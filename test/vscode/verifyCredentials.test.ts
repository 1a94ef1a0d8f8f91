// I/O: *Verify Credentials* run as a user runs it (the command), against the STS stand-in the runner started
// (test/vscode/stsStandIn.mjs, reached through AWS_ENDPOINT_URL_STS): the sample `default` keys are signed and
// accepted, the sample `dev` keys are refused by STS, and no credentials at all means there is nothing to verify.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as vscode from 'vscode';
import type { VerifyOutcome } from '../../src/extension/verifyCredentials';
import { SAMPLE_DEFAULT_IDENTITY } from '../support/sampleStsIdentity';
import { activateExtension } from './helpers';

const VERIFY = 'cloudDataRouter.verifyCredentials';

suite('Verify Credentials (STS GetCallerIdentity against a local stand-in)', () => {
  const config = vscode.workspace.getConfiguration('cloudDataRouter');

  suiteSetup(async function () {
    // Both runners set it; a host started some other way has no STS here, and this suite would call the real one.
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(process.env.AWS_ENDPOINT_URL_STS ?? '')) {
      throw new Error(`AWS_ENDPOINT_URL_STS is not a local stand-in: ${process.env.AWS_ENDPOINT_URL_STS ?? '(unset)'}`);
    }
    const { api } = await activateExtension();
    await api.ready();
    // The sample files the host was started with, whatever an earlier suite chose.
    await config.update('awsConfigFile', undefined, vscode.ConfigurationTarget.Global);
    await config.update('awsCredentialsFile', undefined, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    const { api } = await activateExtension();
    await api.credentials.select(undefined);
  });

  test('the default profile: the account, ARN and user id STS gave, in the message shown', async () => {
    const { api } = await activateExtension();
    const snap = await api.credentials.select(undefined);
    assert.equal(snap.resolution.source, 'shared-credentials-file');
    const out = await vscode.commands.executeCommand<VerifyOutcome>(VERIFY);
    assert.ok(out.ok, out.message);
    assert.deepEqual(
      { account: out.identity.account, arn: out.identity.arn, userId: out.identity.userId },
      SAMPLE_DEFAULT_IDENTITY,
    );
    assert.equal(out.identity.endpoint, process.env.AWS_ENDPOINT_URL_STS);
    assert.equal(
      out.message,
      `AWS account ${SAMPLE_DEFAULT_IDENTITY.account}: ${SAMPLE_DEFAULT_IDENTITY.arn} (user id ${SAMPLE_DEFAULT_IDENTITY.userId}), from the shared-credentials-file source.`,
    );
  });

  test('keys STS does not know: the refusal and its STS error code, never the secret', async () => {
    const { api } = await activateExtension();
    const snap = await api.credentials.select('dev');
    assert.equal(snap.resolution.source, 'shared-credentials-file');
    const out = await vscode.commands.executeCommand<VerifyOutcome>(VERIFY);
    assert.equal(out.ok, false);
    assert.match(out.message, /STS GetCallerIdentity refused these credentials \(InvalidClientTokenId\)/);
    const secrets = [
      ...readFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8').matchAll(/aws_secret_access_key\s*=\s*(\S+)/g),
    ].map((m) => m[1]!);
    assert.equal(secrets.length, 2);
    for (const secret of secrets) assert.ok(!out.message.includes(secret), 'a secret in the message');
  });

  test('no credentials at all: says there is nothing to verify', async () => {
    const { api } = await activateExtension();
    const empty = vscode.Uri.joinPath(vscode.Uri.file(tmpdir()), `cdr-verify-none-${Date.now()}`);
    await vscode.workspace.fs.writeFile(empty, new Uint8Array());
    const changed = new Promise<void>((resolve) => {
      const sub = api.credentials.onDidChange((s) => {
        if (s.config.files.some((f) => f.path === empty.fsPath)) {
          sub.dispose();
          resolve();
        }
      });
    });
    await api.credentials.select(undefined);
    await config.update('awsCredentialsFile', empty.fsPath, vscode.ConfigurationTarget.Global);
    await config.update('awsConfigFile', empty.fsPath, vscode.ConfigurationTarget.Global);
    await changed;
    try {
      const out = await vscode.commands.executeCommand<VerifyOutcome>(VERIFY);
      assert.equal(out.ok, false);
      assert.match(out.message, /nothing to verify: no AWS credentials were found/);
    } finally {
      await config.update('awsConfigFile', undefined, vscode.ConfigurationTarget.Global);
      await config.update('awsCredentialsFile', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
