// I/O: `cdr profiles`: every profile in the AWS config and credentials files, its kind, region and problems.
import { homedir } from 'node:os';
import { loadAwsConfig } from '../../core/aws-config/index';
import type { CliCommand } from '../command';
import { ExitCode } from '../io';

export const profilesCommand: CliCommand = {
  name: 'profiles',
  summary: 'List AWS profiles with their kind, region, file:line and problems.',
  options: {},
  async run(args, io) {
    const cfg = await loadAwsConfig({ env: io.env, homedir: homedir() });
    const list = cfg.profiles.map((p) => ({
      name: p.name,
      kind: p.kind,
      intendedKind: p.intendedKind,
      region: p.region,
      file: p.file,
      line: p.line,
      problems: p.problems.map((x) => `${x.file}:${x.line}: ${x.severity}: ${x.message}`),
    }));
    if (args.values.json) {
      io.out(`${JSON.stringify(list, null, 2)}\n`);
    } else {
      for (const f of cfg.files)
        io.out(
          `${f.kind}: ${f.path ?? '(none: variable set to "")'}${f.exists ? '' : ' (no file)'}${f.error ? ` — ${f.error}` : ''}\n`,
        );
      for (const p of list) {
        io.out(`${p.name.padEnd(20)} ${p.kind.padEnd(18)} ${(p.region ?? '-').padEnd(14)} ${p.file}:${p.line}\n`);
        for (const x of p.problems) io.out(`    ${x}\n`);
      }
      for (const x of cfg.problems) io.out(`${x.file}:${x.line}: ${x.severity}: ${x.message}\n`);
    }
    if (cfg.fatal) {
      io.err(`cdr profiles: ${cfg.fatal.file}:${cfg.fatal.line}: ${cfg.fatal.message}\n`);
      return ExitCode.BadInput;
    }
    return ExitCode.Ok;
  },
};
