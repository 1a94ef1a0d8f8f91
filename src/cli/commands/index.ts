// Pure: the list of `cdr` sub-commands, in the order `cdr --help` shows them.
import type { CliCommand } from '../command';
import { contextCommand } from './context';
import { credentialsCommand } from './credentials';
import { profilesCommand } from './profiles';
import { getCommand } from './get';
import { planCommand } from './plan';
import { routeCommand } from './route';
import { lsCommand } from './ls';
import { searchCommand } from './search';

export const commands: readonly CliCommand[] = [
  credentialsCommand,
  profilesCommand,
  contextCommand,
  routeCommand,
  lsCommand,
  searchCommand,
  getCommand,
  planCommand,
];
