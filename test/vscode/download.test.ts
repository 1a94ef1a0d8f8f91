// I/O: "Download…" inside the real VS Code: one file over S3 (an S3-style endpoint on 127.0.0.1 set through the
// machine setting) and one over HTTP, both landing byte-identical; a bad URI gives an error naming it.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FileResult } from '../../src/core/transfer/types';
import { activateExtension } from './helpers';

/** Path-style GET/HEAD with ranges and an ETag: what an anonymous S3 GetObject needs, like nginx in front of a bucket. */
function startObjectServer(objects: Map<string, Buffer>): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(`${req.method} ${path} ${req.headers.authorization ? 'signed' : 'anonymous'}`);
    const body = objects.get(path);
    if (!body) {
      res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
    const headers = {
      etag,
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
      'content-length': String(end - start + 1),
      'last-modified': new Date(0).toUTCString(),
    };
    if (range) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}` });
    else res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests }),
    ),
  );
}

suite('download', () => {
  const config = vscode.workspace.getConfiguration('cloudDataRouter');
  const dest = mkdtempSync(join(tmpdir(), 'cdr-dl-'));
  const s3Body = randomBytes(3 * 1024 * 1024 + 17);
  const httpBody = randomBytes(200_000);
  const objects = new Map([
    ['/stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits', s3Body],
    ['/files/plain/spectrum.fits', httpBody],
  ]);
  let srv: Awaited<ReturnType<typeof startObjectServer>>;

  suiteSetup(async () => {
    srv = await startObjectServer(objects);
    await activateExtension();
    await config.update('endpoints.s3', srv.url, vscode.ConfigurationTarget.Global);
    await config.update('download.directory', dest, vscode.ConfigurationTarget.Global);
    await config.update('download.partSizeMiB', 1, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    for (const k of ['endpoints.s3', 'download.directory', 'download.partSizeMiB', 'via'])
      await config.update(k, undefined, vscode.ConfigurationTarget.Global);
    srv.server.close();
  });

  test('an s3:// URI forced over S3 and an https URL over HTTP land byte-identical in the download folder', async () => {
    await config.update('via', 's3', vscode.ConfigurationTarget.Global);
    const s3 = (await vscode.commands.executeCommand<FileResult[]>(
      'cloudDataRouter.download',
      's3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits',
    ))!;
    assert.equal(s3.length, 1);
    assert.equal(s3[0]!.status, 'COMPLETE', s3[0]!.error ?? '');
    assert.equal(s3[0]!.via, 's3');
    assert.equal(s3[0]!.path, join(dest, 'stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits'));
    assert.ok(readFileSync(s3[0]!.path!).equals(s3Body), 'S3 bytes differ');
    // 3 MiB in 1 MiB parts: several ranged GETs, not one stream.
    assert.ok(srv.requests.filter((r) => r.startsWith('GET /stpubdata/')).length >= 3, srv.requests.join('\n'));

    await config.update('via', undefined, vscode.ConfigurationTarget.Global);
    const http = (await vscode.commands.executeCommand<FileResult[]>(
      'cloudDataRouter.download',
      `${srv.url}/files/plain/spectrum.fits`,
    ))!;
    assert.equal(http[0]!.status, 'COMPLETE', http[0]!.error ?? '');
    assert.equal(http[0]!.via, 'http');
    assert.ok(readFileSync(http[0]!.path!).equals(httpBody), 'HTTP bytes differ');
    assert.ok(http[0]!.path!.startsWith(dest));
  });

  test('a second download of the same file is skipped (same size and ETag)', async () => {
    const again = (await vscode.commands.executeCommand<FileResult[]>(
      'cloudDataRouter.download',
      `${srv.url}/files/plain/spectrum.fits`,
    ))!;
    assert.equal(again[0]!.status, 'SKIPPED');
  });

  test('a missing object is an error naming it, and nothing is left at its path', async () => {
    const r = (await vscode.commands.executeCommand<FileResult[]>(
      'cloudDataRouter.download',
      `${srv.url}/files/plain/missing.fits`,
    ))!;
    assert.equal(r[0]!.status, 'ERROR');
    assert.match(r[0]!.error ?? '', /missing\.fits|404/);
    assert.ok(!r[0]!.path || (!existsSync(r[0]!.path) && !existsSync(`${r[0]!.path}.part`)), 'a file was left behind');
  });
});
