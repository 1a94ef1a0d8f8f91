// Pure: turns an object key or URL path into path segments that cannot leave the destination folder.
import { CdrError } from '../errors';
import type { DownloadItem, Layout } from './types';

// Windows device names are reserved with any extension (`NUL.txt` is still NUL), and the extension may run there.
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;
const DRIVE = /^[a-zA-Z]:/;
// Control characters are legal on Linux but make files that users cannot type or delete; `:` is a Windows stream.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const FORBIDDEN_CHARS = /[\u0000-\u001f\\:*?"<>|]/;

/** Why a segment is unsafe, or null when it may be used as one path component. */
export function segmentProblem(segment: string): string | null {
  if (segment === '') return 'an empty path segment';
  if (segment === '.' || segment === '..') return `a "${segment}" segment`;
  if (segment.includes('\u0000')) return 'a NUL character';
  if (DRIVE.test(segment)) return 'a drive letter';
  if (FORBIDDEN_CHARS.test(segment)) return 'a character not allowed in file names';
  if (RESERVED.test(segment)) return `a reserved device name (${segment})`;
  if (/[. ]$/.test(segment)) return 'a name ending in a dot or space';
  if (Buffer.byteLength(segment) > 255) return 'a name longer than 255 bytes';
  return null;
}

/** Splits a key or path on `/` and rejects anything that could escape or misbehave; `what` names it in the error. */
export function safeSegments(path: string, what: string): string[] {
  if (path.startsWith('/')) throw unsafe(what, path, 'an absolute path');
  if (DRIVE.test(path) || path.startsWith('\\')) throw unsafe(what, path, 'an absolute Windows path');
  const segments = path.split('/');
  for (const s of segments) {
    const problem = segmentProblem(s);
    if (problem) throw unsafe(what, path, problem);
  }
  return segments;
}

function unsafe(what: string, path: string, problem: string): CdrError {
  // JSON.stringify makes NULs and control characters visible instead of cutting the message short.
  return new CdrError(`Refusing to write ${what} ${JSON.stringify(path)}: it contains ${problem}`, {
    code: 'BadInput',
    details: { reason: 'unsafe-path' },
  });
}

function urlSegments(url: URL): string[] {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw new CdrError(`Refusing to write URL ${url.origin}${url.pathname}: its path is not valid percent-encoding`, {
      code: 'BadInput',
    });
  }
  // A trailing slash names a directory listing, not a file; callers must give a file URL.
  const host = url.port ? `${url.hostname}_${url.port}` : url.hostname;
  return [host, ...safeSegments(path.replace(/^\/+/, ''), `URL path of ${url.origin}`)];
}

/** The path (as segments) under the destination folder where `item` goes in `layout`. */
export function relativeSegments(item: DownloadItem, layout: Layout): string[] {
  let segments: string[];
  // Archive URLs such as MAST's `…/Download/file?uri=…` say nothing in their path; the archive path names the file.
  const useArchivePath =
    item.archivePath &&
    item.archivePath.length > 0 &&
    (layout === 'archive' || !(item.bucket && item.key !== undefined));
  if (useArchivePath && item.archivePath) {
    segments = safeSegments(item.archivePath.join('/'), `archive path for ${item.uri}`);
  } else if (item.bucket && item.key !== undefined) {
    // Bucket/key even when fetched over HTTP, so a file lands in the same place whichever route was taken.
    segments = [...safeSegments(item.bucket, 'bucket'), ...safeSegments(item.key, `key of s3://${item.bucket}`)];
  } else {
    if (!item.httpUrl) throw new CdrError(`No bucket/key or URL for ${item.uri}`, { code: 'BadInput' });
    let url: URL;
    try {
      url = new URL(item.httpUrl);
    } catch {
      throw new CdrError(`Not a URL: ${item.httpUrl}`, { code: 'BadInput' });
    }
    segments = urlSegments(url);
  }
  return layout === 'flat' ? segments.slice(-1) : segments;
}
