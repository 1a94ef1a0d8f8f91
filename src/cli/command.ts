// Pure: the shape of one `cdr` sub-command.
import type { CliIo, ExitCode } from './io';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly description: string;
  readonly valueName?: string;
}

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** Positional arguments as shown in usage, e.g. `URI...`. */
  readonly positionals?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  run(
    args: {
      values: Record<string, string | boolean | string[] | undefined>;
      positionals: string[];
      /** Options in the order given, for flags whose order matters. */
      tokens?: readonly { kind: string; name?: string; value?: string | undefined }[];
    },
    io: CliIo,
  ): Promise<ExitCode>;
}

/** Options every command accepts. */
export const commonOptions: Readonly<Record<string, OptionSpec>> = {
  json: { type: 'boolean', description: 'Print machine-readable JSON on stdout.' },
  verbose: { type: 'boolean', short: 'v', description: 'Log details (redacted) to stderr.' },
  help: { type: 'boolean', short: 'h', description: 'Show help for this command.' },
};
