// I/O: a ByteSource over S3 GetObject/HeadObject (signed or anonymous), pinned to one ETag, requester-pays on request.
import type { S3Client } from '@aws-sdk/client-s3';
import { loadS3Sdk } from './s3Client';
import {
  SourceFault,
  faultKindForStatus,
  isTransientNetworkError,
  type ByteSource,
  type ObjectInfo,
  type OpenedBody,
} from './source';

const CHECKSUMS = [
  ['crc64nvme', 'ChecksumCRC64NVME'],
  ['crc32c', 'ChecksumCRC32C'],
  ['crc32', 'ChecksumCRC32'],
  ['sha256', 'ChecksumSHA256'],
  ['sha1', 'ChecksumSHA1'],
] as const;

export interface S3SourceOptions {
  readonly client: S3Client;
  readonly bucket: string;
  readonly key: string;
  readonly requesterPays: boolean;
}

export class S3Source implements ByteSource {
  readonly label: string;
  readonly id: string;

  constructor(private readonly o: S3SourceOptions) {
    this.label = `s3://${o.bucket}/${o.key}`;
    this.id = this.label;
  }

  async stat(signal: AbortSignal): Promise<ObjectInfo> {
    const { HeadObjectCommand } = loadS3Sdk();
    try {
      const out = await this.o.client.send(
        new HeadObjectCommand({ Bucket: this.o.bucket, Key: this.o.key, ChecksumMode: 'ENABLED', ...this.#payer() }),
        { abortSignal: signal },
      );
      let checksum: ObjectInfo['checksum'] = null;
      for (const [algorithm, field] of CHECKSUMS) {
        const value = (out as unknown as Record<string, unknown>)[field];
        // Composite (per-part) checksums end in `-N` and cannot be checked against the whole file.
        if (typeof value === 'string' && !value.includes('-') && out.ChecksumType !== 'COMPOSITE') {
          checksum = { algorithm, value };
          break;
        }
      }
      return {
        size: out.ContentLength ?? null,
        etag: out.ETag ?? null,
        lastModified: out.LastModified ? out.LastModified.toISOString() : null,
        acceptRanges: true,
        checksum,
      };
    } catch (e) {
      throw this.#fault(e, signal);
    }
  }

  async open(options: {
    range?: { start: number; end: number };
    etag: string | null;
    signal: AbortSignal;
  }): Promise<OpenedBody> {
    const { GetObjectCommand } = loadS3Sdk();
    try {
      const out = await this.o.client.send(
        new GetObjectCommand({
          Bucket: this.o.bucket,
          Key: this.o.key,
          Range: options.range ? `bytes=${options.range.start}-${options.range.end}` : undefined,
          IfMatch: options.etag ?? undefined,
          ...this.#payer(),
        }),
        { abortSignal: options.signal },
      );
      if (options.range && !out.ContentRange?.startsWith(`bytes ${options.range.start}-`)) {
        throw new SourceFault(
          `${this.label}: asked for bytes ${options.range.start}-${options.range.end}, got ${out.ContentRange ?? 'the whole object'}`,
          'fatal',
        );
      }
      // The Node request handler's body is the IncomingMessage itself.
      const body = out.Body as unknown as OpenedBody['body'];
      return { body, destroy: () => body.destroy(), classify: (e) => this.#fault(e, options.signal) };
    } catch (e) {
      throw this.#fault(e, options.signal);
    }
  }

  #payer(): { RequestPayer?: 'requester' } {
    return this.o.requesterPays ? { RequestPayer: 'requester' } : {};
  }

  #fault(e: unknown, signal: AbortSignal): SourceFault {
    if (e instanceof SourceFault) return e;
    if (signal.aborted) return new SourceFault('cancelled', 'cancelled', undefined, { cause: e });
    const meta =
      (e as {
        $metadata?: { httpStatusCode?: number };
        name?: string;
        $response?: { headers?: Record<string, string> };
      }) ?? {};
    const status = meta.$metadata?.httpStatusCode;
    const name = meta.name ?? 'Error';
    if (status !== undefined && status >= 300) {
      const kind = faultKindForStatus(status);
      const what =
        kind === 'login'
          ? `access denied (HTTP ${status}${name && name !== 'Error' && name !== 'Forbidden' ? ` ${name}` : ''}): sign in or choose a profile with access, then try again`
          : kind === 'changed'
            ? 'changed on the server during the download (HTTP 412)'
            : kind === 'not-found'
              ? `not found (HTTP ${status})`
              : `HTTP ${status} ${name}`;
      const retryAfter = Number(meta.$response?.headers?.['retry-after']);
      return new SourceFault(`${this.label}: ${what}`, kind, status, {
        cause: e,
        loginUrl: kind === 'login' ? this.label : undefined,
        retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
      });
    }
    const code = (e as { code?: string }).code;
    const msg = code ?? (e instanceof Error ? e.message : String(e));
    return new SourceFault(`${this.label}: ${msg}`, isTransientNetworkError(e) ? 'retry' : 'fatal', status, {
      cause: e,
    });
  }
}
