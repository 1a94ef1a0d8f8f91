// Pure: the public face of cloud-context detection; other modules import from here only.
export type { AwsService, CloudContext, CloudProvider, DetectedContext, Evidence, Platform } from './types';
export { detectCloudContext, DEFAULT_IMDS_TIMEOUT_MS, type DetectCloudContextOptions } from './detectCloudContext';
export { describeContext, type ContextDescription, type DescribeContextOptions } from './describeContext';
export { createContextCache, type ContextCache } from './contextCache';
export { parsePlatformDeclaration, KNOWN_PLATFORMS, type DeclaredPlatform } from './platform';
export { resolveImdsConfig, type ProbeImdsMode, type ImdsConfig } from './imdsConfig';
