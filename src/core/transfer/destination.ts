// I/O: creates the folders for a download inside the destination without ever following a symlink out of it.
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { join, relative, sep, isAbsolute } from 'node:path';
import { CdrError } from '../errors';

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Creates `root/segments[0..n-2]` one level at a time and returns the absolute final path. A symlinked folder is
 * allowed only if it resolves inside `root` (users do link data folders); one pointing elsewhere is refused before
 * anything is created through it, and the final name itself must not be a symlink.
 */
export async function prepareDestination(root: string, segments: readonly string[]): Promise<string> {
  await mkdir(root, { recursive: true });
  const realRoot = await realpath(root);
  let dir = realRoot;
  for (const seg of segments.slice(0, -1)) {
    const next = join(dir, seg);
    const st = await lstat(next).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (st === null) {
      await mkdir(next).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
    } else if (st.isSymbolicLink()) {
      const target = await realpath(next);
      if (!isInside(realRoot, target)) throw escape(root, segments);
    } else if (!st.isDirectory()) {
      throw new CdrError(`Cannot create folder ${next}: a file with that name exists`, { code: 'Transfer' });
    }
    dir = next;
  }
  // Re-check the whole parent chain after creation: a folder could have been swapped for a link meanwhile.
  const parent = await realpath(dir);
  if (!isInside(realRoot, parent)) throw escape(root, segments);
  const finalPath = join(parent, segments[segments.length - 1]);
  const st = await lstat(finalPath).catch(() => null);
  if (st?.isSymbolicLink()) throw escape(root, segments);
  return finalPath;
}

function escape(root: string, segments: readonly string[]): CdrError {
  return new CdrError(`Refusing to write ${segments.join('/')}: a symbolic link leads outside ${root}`, {
    code: 'BadInput',
    details: { reason: 'unsafe-path' },
  });
}
