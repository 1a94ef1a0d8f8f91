// I/O: the Earthdata Login node of the profiles tree and Sign Out, through the real extension: a login kept in
// SecretStorage shows its user and expiry (never the token), and signing out clears it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Row } from '../../src/extension/view/row';
import { activateExtension } from './helpers';

function jwt(claims: object): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ typ: 'JWT', alg: 'RS256' })}.${b(claims)}.c2lnbmF0dXJl`;
}

suite('earthdata: sign-in state in the tree', () => {
  test('a stored token shows user and expiry; Sign Out of Earthdata clears it', async () => {
    const { api } = await activateExtension();
    await api.ready();
    const token = jwt({ uid: 'edl-alice', exp: Math.floor(Date.now() / 1000) + 10 * 86400 });
    await api.earthdata.storeLogin({ token });
    const node = () =>
      api
        .treeProvider()
        .roots()
        .find((r: Row) => r.id === 'earthdata');
    assert.ok(node(), 'the tree has an Earthdata Login node');
    assert.match(node()?.description ?? '', /edl-alice/);
    assert.ok(node()?.children?.some((c) => /expires in (9|10) days/.test(c.label)));
    assert.ok(!JSON.stringify(api.treeProvider().roots()).includes(token), 'the token is never in the tree');
    await vscode.commands.executeCommand('cloudDataRouter.signOutEarthdata');
    assert.equal(api.earthdata.report?.source, null);
    assert.match(node()?.description ?? '', /not signed in/);
  });
});
