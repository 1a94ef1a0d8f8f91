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

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
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
    external: ['vscode', 'mocha'],
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
