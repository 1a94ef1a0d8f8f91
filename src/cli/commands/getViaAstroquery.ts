// I/O: `cdr get --via astroquery` — the routes as a generated astroquery script, shown, then run by the user's Python
// with this terminal attached; its manifest becomes the usual per-file results.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { delegationFor, delegationReasons, delegationRefusal } from '../../core/astroquery/delegation';
import { DELEGATED_ARCHIVES, versionAtLeast, type DelegatedArchive } from '../../core/astroquery/archives';
import { probePython, readManifest, runScript } from '../../core/astroquery/pythonRunner';
import { routesToPython } from '../../core/astroquery/routeToPython';
import { CdrError } from '../../core/errors';
import { ExitCode, type CliIo } from '../io';
import { planRoutes, routePolicyFrom } from './route';

type Values = Record<string, string | boolean | string[] | undefined>;

export interface ViaAstroqueryIo extends CliIo {
  /** Whether a person can answer prompts (stdin is a terminal); injected so tests decide. */
  readonly stdinIsTty?: boolean;
}

export async function getViaAstroquery(values: Values, positionals: string[], io: ViaAstroqueryIo): Promise<ExitCode> {
  if (positionals.length === 0) throw new CdrError('cdr get needs at least one URI', { code: 'BadInput' });
  const env = io.env;
  // The tree still decides the leaf (HTTP for these archives); only the transport changes.
  const policy = routePolicyFrom({ ...values, via: undefined }, env);
  const profile = typeof values.profile === 'string' ? values.profile : undefined;
  const plan = await planRoutes(positionals, { io, policy, profile });
  const archives: DelegatedArchive[] = [];
  plan.routes.forEach((route, i) => {
    const a = delegationFor(route, plan.locations[i]);
    if (!a)
      throw new CdrError(
        `${route.uri} is not on an archive astroquery handles here (${DELEGATED_ARCHIVES.map((x) => x.name).join(', ')}): drop --via astroquery`,
        { code: 'BadInput', details: { value: route.uri } },
      );
    if (!archives.includes(a)) archives.push(a);
  });
  const interactive = (io.stdinIsTty ?? process.stdin.isTTY === true) && values['no-input'] !== true;
  const refusal = delegationRefusal(archives, { interactive, env });
  if (refusal) {
    io.err(`cdr get: not starting astroquery: ${refusal}\n`);
    return ExitCode.Failed;
  }

  const destDir = resolve(io.cwd, String(values.output ?? '.'));
  await mkdir(destDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'cdr-astroquery-'));
  try {
    const manifestPath = join(work, 'manifest.json');
    const script = routesToPython(
      plan.routes.map((route, i) => ({ route, location: plan.locations[i]! })),
      plan.identity,
      { mode: 'delegate', downloadDir: destDir, manifestPath },
    );
    const scriptPath = join(work, 'cdr_astroquery.py');
    await writeFile(scriptPath, script.code);
    const why = archives.map((a) => `${a.name} through ${a.module}`).join(', ');
    io.err(`cdr get: delegating ${plan.routes.length} file(s) to astroquery (${why})\n`);
    const said = new Set<string>();
    plan.routes.forEach((route, i) => {
      const a = delegationFor(route, plan.locations[i])!;
      if (said.has(a.id)) return;
      said.add(a.id);
      for (const reason of delegationReasons(route, a)) io.err(`  ${reason}\n`);
    });
    io.err('cdr get: the script it runs:\n');
    io.err(`${script.code.replace(/^/gm, '  | ')}\n`);

    const python = env.CDR_PYTHON || 'python3';
    const need = archives.reduce((m, a) => (versionAtLeast(m.minVersion, a.minVersion) ? m : a));
    const probe = await probePython(python, env, { minVersion: need.minVersion, what: need.module });
    if (!probe.ok) {
      io.err(`cdr get: ${probe.message}\n`);
      return ExitCode.Failed;
    }
    io.logger.info(
      'transfer',
      `running ${python} (Python ${probe.probe.pythonVersion}, astroquery ${probe.probe.astroquery})`,
    );
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    if (!interactive) process.once('SIGINT', onSigint);
    let code: number | null;
    try {
      code = await runScript({
        python,
        scriptPath,
        cwd: destDir,
        env,
        interactive,
        onOutput: (t) => io.err(t),
        signal: abort.signal,
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    const manifest = await readManifest(manifestPath);
    if (manifest?.stopped) io.err(`cdr get: astroquery stopped: ${manifest.stopped}\n`);
    const byUri = new Map((manifest?.files ?? []).map((f) => [f.uri, f] as const));
    const results = plan.routes.map((r) => {
      const f = byUri.get(r.uri);
      return {
        uri: r.uri,
        status: f?.status ?? 'ERROR',
        path: f?.path ?? null,
        bytes: f?.bytes ?? null,
        via: 'astroquery',
        error: f ? f.error : (manifest?.stopped ?? `astroquery exited with ${code ?? 'a signal'} before this file`),
      };
    });
    if (values.json) io.out(`${JSON.stringify(results, null, 2)}\n`);
    else
      for (const r of results) {
        if (r.status === 'COMPLETE') io.out(`COMPLETE ${r.path} (${r.bytes ?? '?'} bytes via astroquery)\n`);
        else io.err(`cdr get: ${r.status} ${r.uri}: ${r.error ?? ''}\n`);
      }
    return results.every((r) => r.status === 'COMPLETE') ? ExitCode.Ok : ExitCode.Failed;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
