// I/O: the STS stand-in both VS Code runners start for the Verify Credentials suite (verifyCredentials.test.ts); the
// host reaches it through the standard AWS_ENDPOINT_URL_STS, as a user would point the product at any endpoint.
import { join } from 'node:path';
import { repoRoot } from '../../scripts/codeServer.mjs';

/** Knows the sample `default` keys (sample/aws/credentials) and checks their SigV4 signature; refuses every other key. */
export async function startSampleSts() {
  const { tsImport } = await import('tsx/esm/api');
  const { startStsServer } = await tsImport('../support/stsServer.ts', import.meta.url);
  const { sampleStsIdentities } = await tsImport('../support/sampleStsIdentity.ts', import.meta.url);
  return startStsServer(sampleStsIdentities(join(repoRoot, 'sample/aws/credentials')));
}
