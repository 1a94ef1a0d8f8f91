// I/O: CDR_EARTHDATA_DAACS — extra DAAC entries as JSON text or `@file` (a path to a JSON file).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CdrError, errorMessage } from '../errors';
import { parseUserDaacs } from './daacs';
import type { Daac } from './types';

/** Undefined when unset; throws BadInput naming the variable, the file or the entry. */
export function userDaacsFromEnv(env: Readonly<Record<string, string | undefined>>, cwd: string): Daac[] | undefined {
  const v = env.CDR_EARTHDATA_DAACS?.trim();
  if (!v) return undefined;
  if (!v.startsWith('@')) return parseUserDaacs(v, 'CDR_EARTHDATA_DAACS');
  const path = resolve(cwd, v.slice(1));
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CdrError(`CDR_EARTHDATA_DAACS: cannot read ${path}: ${errorMessage(e)}`, { code: 'BadInput' });
  }
  return parseUserDaacs(text, `CDR_EARTHDATA_DAACS (${path})`);
}
