// I/O: guards the test harness itself: the extension host sees the sample workspace and fixture AWS files,
// never the real ~/.aws or instance metadata, so every other suite's result means what it says.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as vscode from 'vscode';

suite('test environment', () => {
  test('the sample workspace is open', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.match(folders[0].uri.path, /\/sample\/workspace$/);
  });

  test('AWS settings come from sample/aws and IMDS is off', () => {
    assert.match(process.env.AWS_CONFIG_FILE ?? '', /\/sample\/aws\/config$/);
    assert.match(process.env.AWS_SHARED_CREDENTIALS_FILE ?? '', /\/sample\/aws\/credentials$/);
    assert.equal(process.env.AWS_EC2_METADATA_DISABLED, 'true');
    assert.equal(process.env.AWS_PROFILE, undefined);
    assert.equal(process.env.AWS_ACCESS_KEY_ID, undefined);
  });

  test("HOME is a throw-away folder, so ~/.aws is not the developer's", () => {
    // Desktop runs (runDesktop.mjs) keep the real HOME; there the AWS_* variables above are the isolation.
    if (vscode.env.uiKind !== vscode.UIKind.Web) return;
    assert.match(os.homedir(), /^\/tmp\/cdr-/);
    assert.match(os.tmpdir(), /^\/tmp\/cdr-/);
  });
});
