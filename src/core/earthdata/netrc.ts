// Pure (+ one I/O reader): a small .netrc parser (machine/login/password/account/default/macdef, as curl and Python's
// netrc read it) and a reader that refuses a file other users can read, as curl warns and Python's netrc refuses.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface NetrcEntry {
  /** null for the `default` entry. */
  readonly machine: string | null;
  readonly login: string | null;
  readonly password: string | null;
  /** 1-based line of the `machine`/`default` token, for messages. */
  readonly line: number;
}

export interface NetrcParse {
  readonly entries: readonly NetrcEntry[];
  readonly problems: readonly string[];
}

interface Token {
  readonly text: string;
  readonly line: number;
}

/** Whitespace-separated tokens; double quotes group (with backslash escapes), as curl's parser does. */
function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // A `#` starting a token comments out the rest of the line (Python's netrc; curl ignores such lines).
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const start = line;
    let tok = '';
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        if (text[i] === '\n') line++;
        tok += text[i++];
      }
      i++;
    } else {
      while (i < text.length && !/\s/.test(text[i])) tok += text[i++];
    }
    out.push({ text: tok, line: start });
  }
  return out;
}

/** Skips a `macdef` body: everything up to the next empty line. */
function skipMacdef(text: string, fromLine: number): number {
  const lines = text.split('\n');
  let l = fromLine; // the macdef line itself (1-based) is index fromLine - 1; its body starts after it
  while (l < lines.length && lines[l].trim() !== '') l++;
  return l + 1;
}

export function parseNetrc(text: string, file = '.netrc'): NetrcParse {
  const entries: NetrcEntry[] = [];
  const problems: string[] = [];
  const tokens = tokenize(text);
  let cur: { machine: string | null; login: string | null; password: string | null; line: number } | null = null;
  const flush = () => {
    if (cur) entries.push(cur);
    cur = null;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const value = () => {
      const v = tokens[i + 1];
      if (!v) {
        problems.push(`${file} line ${t.line}: "${t.text}" has no value`);
        return null;
      }
      i++;
      return v.text;
    };
    switch (t.text) {
      case 'machine':
        flush();
        cur = { machine: value(), login: null, password: null, line: t.line };
        break;
      case 'default':
        flush();
        cur = { machine: null, login: null, password: null, line: t.line };
        break;
      case 'login':
      case 'password':
      case 'account': {
        const v = value();
        if (!cur) problems.push(`${file} line ${t.line}: "${t.text}" before any "machine" or "default"`);
        else if (t.text !== 'account') cur[t.text] = v;
        break;
      }
      case 'macdef': {
        flush();
        value();
        const resume = skipMacdef(text, t.line);
        while (i + 1 < tokens.length && tokens[i + 1].line < resume) i++;
        break;
      }
      default:
        problems.push(
          `${file} line ${t.line}: unexpected "${t.text.length > 20 ? `${t.text.slice(0, 20)}…` : t.text}"`,
        );
    }
  }
  flush();
  return { entries, problems };
}

/** The entry for exactly this machine (the first one, as curl and Python take it); `default` is never used. */
export function netrcEntryFor(entries: readonly NetrcEntry[], machine: string): NetrcEntry | null {
  const m = machine.toLowerCase();
  return entries.find((e) => e.machine !== null && e.machine.toLowerCase() === m) ?? null;
}

/** `$NETRC`, else `~/.netrc` (and `~/_netrc` on Windows when there is no `.netrc`). */
export function netrcPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  if (env.NETRC) return env.NETRC;
  return join(home, '.netrc');
}

export interface NetrcFile extends NetrcParse {
  readonly path: string;
  /** false when the file does not exist (not a problem). */
  readonly found: boolean;
  /** true when the file was refused (readable by others): its entries are then empty. */
  readonly refused: boolean;
}

/**
 * Reads and parses the .netrc. A file that group or others can read is refused with curl's reason (its passwords
 * are not secret on this machine); Windows has no such mode bits, so the check applies on POSIX only.
 */
export function readNetrc(path: string, opts: { platform?: NodeJS.Platform } = {}): NetrcFile {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { path, found: false, refused: false, entries: [], problems: [] };
    return {
      path,
      found: true,
      refused: true,
      entries: [],
      problems: [`${path}: cannot read it: ${(e as NodeJS.ErrnoException).code ?? String(e)}`],
    };
  }
  if ((opts.platform ?? process.platform) !== 'win32' && (mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    return {
      path,
      found: true,
      refused: true,
      entries: [],
      problems: [
        `${path} is readable by other users (mode ${octal}): not used; run chmod 600 ${path} so its passwords stay yours`,
      ],
    };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return {
      path,
      found: true,
      refused: true,
      entries: [],
      problems: [`${path}: cannot read it: ${(e as NodeJS.ErrnoException).code ?? String(e)}`],
    };
  }
  return { path, found: true, refused: false, ...parseNetrc(text, path) };
}
