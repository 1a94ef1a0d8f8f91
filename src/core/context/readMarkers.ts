// I/O: reads the machine's marker files (DMI, hypervisor, SageMaker, platform folders) under a file-system root.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const DMI_DIR = '/sys/class/dmi/id';
export const DMI_FIELDS = [
  'sys_vendor',
  'board_vendor',
  'bios_vendor',
  'product_name',
  'product_version',
  'bios_version',
  'board_asset_tag',
  'chassis_asset_tag',
] as const;
export type DmiField = (typeof DMI_FIELDS)[number];

export const HYPERVISOR_UUID = '/sys/hypervisor/uuid';
export const SAGEMAKER_METADATA = '/opt/ml/metadata/resource-metadata.json';
/** Folders whose presence marks a known science platform (see platform.ts). */
export const PLATFORM_PATHS = [
  '/FTP',
  '/archive-data/nasa-heasarc',
  '/archive-data/nasa-irsa',
  '/archive-data/stpubdata',
] as const;

/**
 * A file's content, `null` when absent, or `{ error }` when it exists but could not be read (permissions), or when the
 * read did not finish in time (`timedOut`: a hung mount, or a machine too busy to answer — then not even its presence
 * is known).
 */
export type MarkerRead = string | null | { readonly error: string; readonly timedOut?: boolean };

export interface Markers {
  readonly dmi: Readonly<Record<DmiField, MarkerRead>>;
  readonly hypervisorUuid: MarkerRead;
  readonly sagemakerMetadata: MarkerRead;
  readonly paths: Readonly<Record<string, boolean>>;
}

export interface ReadMarkersOptions {
  /** File-system root; '/' in production, a temp folder in tests. */
  readonly root: string;
  /** Per-file bound: a hung network mount (SciServer's /FTP) must not stall detection. */
  readonly timeoutMs?: number;
}

const MAX_BYTES = 64 * 1024;

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout), ms);
    timer.unref();
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException | undefined)?.code ?? 'error';
}

async function readSmall(path: string, timeoutMs: number): Promise<MarkerRead> {
  const read = readFile(path, 'utf8').then(
    (text) => text.slice(0, MAX_BYTES).trim(),
    (e: unknown): MarkerRead => {
      const code = errorCode(e);
      // Only "not there" means absent; anything else is said, not swallowed.
      return code === 'ENOENT' || code === 'ENOTDIR' ? null : { error: code };
    },
  );
  return withTimeout(read, timeoutMs, { error: `no answer within ${timeoutMs} ms`, timedOut: true });
}

async function exists(path: string, timeoutMs: number): Promise<boolean> {
  return withTimeout(
    stat(path).then(
      () => true,
      () => false,
    ),
    timeoutMs,
    false,
  );
}

export async function readMarkers(opts: ReadMarkersOptions): Promise<Markers> {
  const ms = opts.timeoutMs ?? 250;
  const at = (p: string) => join(opts.root, p);
  const [dmiValues, hypervisorUuid, sagemakerMetadata, pathValues] = await Promise.all([
    Promise.all(DMI_FIELDS.map((f) => readSmall(at(`${DMI_DIR}/${f}`), ms))),
    readSmall(at(HYPERVISOR_UUID), ms),
    readSmall(at(SAGEMAKER_METADATA), ms),
    Promise.all(PLATFORM_PATHS.map((p) => exists(at(p), ms))),
  ]);
  const dmi = Object.fromEntries(DMI_FIELDS.map((f, i) => [f, dmiValues[i]])) as Record<DmiField, MarkerRead>;
  const paths = Object.fromEntries(PLATFORM_PATHS.map((p, i) => [p, pathValues[i]]));
  return { dmi, hypervisorUuid, sagemakerMetadata, paths };
}
