import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Destination } from '../../../../src/core/transfer/destination';
import { tempDir } from './helpers';

describe('Destination (the folder a batch writes into)', () => {
  it('creates the root on the first file, not before, and the folders of each key below it', async (t) => {
    const root = join(await tempDir(t), 'new', 'root');
    const dest = new Destination(root);
    assert.equal(existsSync(root), false);
    const first = dest.prepare(['hst', 'public', 'a.fits']);
    const second = dest.prepare(['b.fits']);
    const real = await realpath(root);
    assert.equal(first, join(real, 'hst', 'public', 'a.fits'));
    assert.equal(second, join(real, 'b.fits'));
    assert.ok(existsSync(join(root, 'hst', 'public')));
  });

  it('resolves a root that is itself a link once, and still refuses a folder linked out of it', async (t) => {
    const base = await tempDir(t);
    await mkdir(join(base, 'data'));
    await mkdir(join(base, 'outside'));
    await symlink(join(base, 'data'), join(base, 'link'));
    const dest = new Destination(join(base, 'link'));
    assert.equal(dest.prepare(['x.bin']), join(await realpath(join(base, 'data')), 'x.bin'));
    await symlink(join(base, 'outside'), join(base, 'data', 'bkt'));
    assert.throws(() => dest.prepare(['bkt', 'y.bin']), /a symbolic link leads outside/);
    assert.equal(existsSync(join(base, 'outside', 'y.bin')), false);
  });

  it('a root that cannot be created fails each file with the path, and works once the obstacle is gone', async (t) => {
    const base = await tempDir(t);
    await writeFile(join(base, 'root'), 'a file where the folder should be');
    const dest = new Destination(join(base, 'root', 'sub'));
    assert.throws(
      () => dest.prepare(['a.bin']),
      (e: NodeJS.ErrnoException) => e.code === 'ENOTDIR',
    );
    await rm(join(base, 'root'));
    assert.equal(dest.prepare(['a.bin']), join(await realpath(join(base, 'root', 'sub')), 'a.bin'));
  });
});
