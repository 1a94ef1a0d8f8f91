import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DATA_VIEW_ID, DataCommandIds, OBSERVATION_COMMAND } from '../../../../src/extension/data/commandIds';

const root = join(__dirname, '../../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));

describe('Cloud Data view in package.json', () => {
  it('contributes the view in the Cloud Data Router container and every command the feature registers', () => {
    assert.ok(pkg.contributes.views.cloudDataRouter.some((v: { id: string }) => v.id === DATA_VIEW_ID));
    const contributed = new Map(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));
    for (const id of [...Object.values(DataCommandIds), OBSERVATION_COMMAND])
      assert.ok(contributed.has(id), `${id} is not contributed`);
  });

  it('every %key% of the manifest has its English text in package.nls.json, and the Cloud Data keys are prefixed', () => {
    const keys = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
    assert.ok(keys.length >= 8);
    for (const k of keys) assert.equal(typeof nls[k], 'string', `package.nls.json has no ${k}`);
    const ours = pkg.contributes.commands.filter((c: { command: string }) =>
      /\.data\.|downloadObservation/.test(c.command),
    );
    for (const c of ours) assert.match(c.title, /^%cloudData\./, `${c.command} title is not a cloudData.* key`);
  });

  it('row menus match the rows: Download only on folders and files and only when trusted; row commands stay off the palette', () => {
    const item = pkg.contributes.menus['view/item/context'].filter((m: { when: string }) =>
      m.when.includes(DATA_VIEW_ID),
    );
    const download = item.filter((m: { command: string }) => m.command === DataCommandIds.download);
    assert.ok(download.length >= 1);
    for (const m of download) {
      assert.match(m.when, /isWorkspaceTrusted/);
      const re = new RegExp(
        /viewItem =~ \/(.+)\/$/.exec(m.when.split(' && ').find((w: string) => w.startsWith('viewItem'))!)![1]!,
      );
      assert.ok(re.test('cdr.data.prefix') && re.test('cdr.data.object'));
      assert.ok(!re.test('cdr.data.bucket') && !re.test('cdr.data.more') && !re.test('cdr.data.message.denied'));
    }
    const palette = new Map(
      pkg.contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]),
    );
    for (const id of [DataCommandIds.download, DataCommandIds.loadMore, DataCommandIds.copyS3Uri])
      assert.equal(palette.get(id), 'false', `${id} should not be in the command palette`);
    assert.notEqual(palette.get(OBSERVATION_COMMAND), 'false');
  });
});
