// Builds the two bundles (extension and CLI) and the VS Code test suites.
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  sourcesContent: !production,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
  define: { __CDR_VERSION__: JSON.stringify(version) },
};

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (/\.test\.ts$/.test(name) || name === 'index.ts') out.push(p);
  }
  return out;
}

// The AWS SDK is loaded on first use (require() inside functions) and kept in files of its own: a bundle that merely
// contains the SDK made every download 20-30% slower (V8 ran ~60 full GCs per GiB instead of 1, measured with
// bench/transfer.mjs), and `cdr --help` or activation never pays for parsing it.
const SDK_MODULES = [
  '@aws-sdk/client-s3',
  '@smithy/core',
  '@aws-sdk/credential-providers',
  '@smithy/signature-v4',
  '@aws-sdk/client-sts',
  '@aws-sdk/client-sso-oidc',
];
// Modules the code takes only these names from: their files hold just those (and what they use). A signed download
// loads the signer alone, and every MiB of code parsed is resident for the whole transfer.
const SDK_NAMED = {
  '@smithy/signature-v4': ['SignatureV4'],
  '@smithy/core': ['NoAuthSigner'],
};
const sdkFile = (m) => `sdk-${m.replace(/[^a-z0-9]+/gi, '-').replace(/^-/, '')}.js`;
const sdkApart = {
  name: 'sdk-apart',
  setup(b) {
    const filter = new RegExp(`^(${SDK_MODULES.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);
    b.onResolve({ filter }, (a) => ({ path: `./${sdkFile(a.path)}`, external: true }));
  },
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    external: ['vscode'],
    plugins: [sdkApart],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [sdkApart],
  },
  ...SDK_MODULES.map((m) => ({
    ...common,
    stdin: SDK_NAMED[m]
      ? { contents: `export { ${SDK_NAMED[m].join(', ')} } from '${m}';`, resolveDir: '.', loader: 'js' }
      : { contents: `module.exports = require('${m}');`, resolveDir: '.', loader: 'js' },
    // The ES builds let esbuild keep only what is named (signature-v4 alone: 15 KB instead of 377 KB of @smithy/core).
    ...(SDK_NAMED[m] ? { mainFields: ['module', 'main'] } : {}),
    outfile: `dist/${sdkFile(m)}`,
  })),
];

if (!production) {
  // Deleted suites must not linger in out/: the runner loads whatever is there.
  rmSync('out/test/vscode', { recursive: true, force: true });
  builds.push({
    ...common,
    minify: false,
    entryPoints: findTests('test/vscode').filter((f) => !f.includes('/fixtures/')),
    outbase: 'test/vscode',
    outdir: 'out/test/vscode',
    // s3rver runs as a child process of the suites (test/support/s3rverHarness.ts), from node_modules.
    external: ['vscode', 'mocha', 's3rver'],
  });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
}
