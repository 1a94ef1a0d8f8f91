// I/O: writes a file so that readers see the old content or the whole new one, never a part (temp + fsync + rename).
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/** The temp file sits beside the target (same filesystem, so the rename is atomic, also on NFS for one client). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(text);
      // Another machine reads this over a shared filesystem: the bytes must be down before the name appears.
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
