// Pure: the list of `cdr` sub-commands, in the order `cdr --help` shows them.
import type { CliCommand } from '../command';

export const commands: readonly CliCommand[] = [];
