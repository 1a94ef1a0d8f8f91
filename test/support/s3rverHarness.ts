// I/O (test support): a real s3rver on 127.0.0.1 with fixtures written through the SDK (Buffer bodies, which
// s3rver stores intact), for the S3 paths that a real S3 API server covers: signed and anonymous GetObject.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface S3rverHarness {
  readonly endpoint: string;
  put(bucket: string, key: string, data: Buffer): Promise<void>;
  stop(): Promise<void>;
}

export async function startS3rver(buckets: string[]): Promise<S3rverHarness> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as new (o: object) => { run(): Promise<AddressInfo>; close(): Promise<void> };
  const dir = await mkdtemp(join(tmpdir(), 'cdr-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: dir,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const addr = await server.run();
  const endpoint = `http://127.0.0.1:${addr.port}`;
  const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    async put(bucket, key, data) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data }));
    },
    async stop() {
      client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface S3rverProcess {
  readonly endpoint: string;
  /** s3rver's data folder: `<dir>/<bucket>/<key>._S3rver_object` (+ `.md5`), the layout its filesystem store reads. */
  readonly dir: string;
  /** Writes an object straight into s3rver's store: thousands per second, where PutObject manages a few hundred. */
  lay(bucket: string, key: string, data: Buffer): Promise<void>;
  stop(): Promise<void>;
}

/**
 * s3rver in a child process started with `--openssl-legacy-provider`: its continuation tokens use DES, which
 * Node 20 refuses without that flag, so paged ListObjectsV2 answers 500 in-process (see local-servers.md).
 * Buckets are folders of the data directory; objects are laid into it in s3rver's own store format, which its
 * ListObjectsV2, HeadObject and GetObject read as if they had been PUT (ETag = the stored MD5).
 */
export async function startS3rverProcess(buckets: string[], dir?: string): Promise<S3rverProcess> {
  const { spawn } = await import('node:child_process');
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { createHash } = await import('node:crypto');
  const { dirname } = await import('node:path');
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'cdr-s3rver-')));
  for (const b of buckets) await mkdir(join(root, b), { recursive: true });
  const bin = require.resolve('s3rver/bin/s3rver.js');
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', bin, '-d', root, '-a', '127.0.0.1', '-p', '0', '--silent'],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env.PATH ?? '' } },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on [^:]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening: ${out}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    dir: root,
    async lay(bucket, key, data) {
      // s3rver's own mapping: the last key segment names the file, so `a/b/` (a folder marker) is `a/b/._S3rver_object`.
      const parts = key.split('/');
      const file = join(root, bucket, ...parts.slice(0, -1), `${parts[parts.length - 1]}._S3rver_object`);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, data);
      await writeFile(`${file}.md5`, createHash('md5').update(data).digest('hex'));
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill();
        await exited;
      }
      if (!dir) await rm(root, { recursive: true, force: true });
    },
  };
}
