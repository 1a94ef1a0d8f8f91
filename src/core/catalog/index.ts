// Pure: the catalog's public surface — where the data lives, from what the user typed.
export { Catalog, type CatalogOptions } from './catalog';
export { BucketRegionLookup, type BucketRegionResult } from './bucketRegion';
export {
  createBucketLister,
  listingError,
  type BucketLister,
  type BucketListerOptions,
  type ListOptions,
  type ListPage,
  type ListedObject,
  type ListedPrefix,
} from './listing';
export { expandSet, prepareSetInputs, type ExpandOptions, type PreparedInput, type SetFile } from './expandSet';
export {
  compileFilters,
  filterRegExp,
  hasWildcard,
  keyGlobRegExp,
  literalPrefix,
  passesFilters,
  type CompiledFilters,
  type KeyFilter,
} from './keyGlob';
export { parseListFile, type ListEntry, type ParsedList } from './listFile';
export {
  MastPortal,
  filterProducts,
  productArchivePath,
  type MastProduct,
  type MastProductFilters,
} from './mastProducts';
export { OBSERVATION_URI, parseSetInput, type SetInput } from './setInput';
export { MastPathLookup, type MastPathResult, type FetchLike } from './mastPathLookup';
export { DEFAULT_MAST_URL, mastBaseUrl, mastDownloadUrl, parseMastUri } from './mastUri';
export {
  MIRROR_MAPPINGS,
  OPEN_DATA_BUCKETS,
  bucketPublicUrl,
  catalogTables,
  configuredS3Endpoint,
} from './openDataBuckets';
export { parseInput, type ParsedInput } from './parseInput';
export { parseS3HttpsUrl, parseS3Uri, type S3Address } from './parseS3Url';
export type { HttpLogin, HttpMirror, Location, LocationKind, MirrorMapping, OpenDataBucket } from './types';
export { parseUserBuckets, parseUserMirrors } from './userTables';
