// I/O: creates the folders for a download inside the destination without ever following a symlink out of it.
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { join, relative, sep, isAbsolute } from 'node:path';
import { CdrError } from '../errors';

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The folder a batch writes into. It is created and resolved once per batch: per file those were a `mkdir`, a `stat`
 * and two `realpath`s (8 system calls, about 0.1 ms on this VM's ext4) before the file itself was created.
 */
export class Destination {
  #realRoot: string | null = null;

  constructor(readonly root: string) {}

  /**
   * Creates `root/segments[0..n-2]` one level at a time and returns the absolute final path. A symlinked folder is
   * allowed only if it resolves inside `root` (users do link data folders); one pointing elsewhere is refused before
   * anything is created through it, and the final name itself must not be a symlink.
   */
  prepare(segments: readonly string[]): string {
    // Synchronous on purpose: these are metadata calls of microseconds, made once per file, and a 2,000-file batch
    // spent more CPU on promises, thread-pool hops and "not found" error objects than on the calls themselves.
    const realRoot = (this.#realRoot ??= this.#createRoot());
    let dir = realRoot;
    for (const seg of segments.slice(0, -1)) {
      const next = join(dir, seg);
      const st = lstatSync(next, { throwIfNoEntry: false });
      if (st === undefined) {
        try {
          mkdirSync(next);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
      } else if (st.isSymbolicLink()) {
        const target = realpathSync.native(next);
        if (!isInside(realRoot, target)) throw escape(this.root, segments);
      } else if (!st.isDirectory()) {
        throw new CdrError(`Cannot create folder ${next}: a file with that name exists`, { code: 'Transfer' });
      }
      dir = next;
    }
    // Re-check the parent chain after creation: a folder could have been swapped for a link meanwhile. The root
    // itself was resolved above, and a key cannot change it.
    const parent = dir === realRoot ? realRoot : realpathSync.native(dir);
    if (!isInside(realRoot, parent)) throw escape(this.root, segments);
    const finalPath = join(parent, segments[segments.length - 1]);
    if (lstatSync(finalPath, { throwIfNoEntry: false })?.isSymbolicLink()) throw escape(this.root, segments);
    return finalPath;
  }

  #createRoot(): string {
    mkdirSync(this.root, { recursive: true });
    return realpathSync.native(this.root);
  }
}

function escape(root: string, segments: readonly string[]): CdrError {
  return new CdrError(`Refusing to write ${segments.join('/')}: a symbolic link leads outside ${root}`, {
    code: 'BadInput',
    details: { reason: 'unsafe-path' },
  });
}
