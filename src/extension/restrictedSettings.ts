// Pure: settings that can send a request, a signature or a token somewhere else, or write elsewhere;
// package.json's `restrictedConfigurations` must list the same (a unit test checks).
export const RESTRICTED_SETTINGS = [
  'awsConfigFile',
  'awsCredentialsFile',
  'endpoints.s3',
  'endpoints.mast',
  'platform',
  'buckets',
  'mirrors',
  'prices',
  'context.probeImds',
  'download.directory',
  'astroquery.pythonPath',
  'earthdata.loginUrl',
  'earthdata.cmrUrl',
  'earthdata.daacs',
] as const;
