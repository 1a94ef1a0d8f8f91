// Pure: wildcards in object keys (`*`, `**`, `?`) and aws-s3-cp-style --include/--exclude filters.
import { CdrError } from '../errors';

const WILD = /[*?[]/;

export function hasWildcard(key: string): boolean {
  return WILD.test(key);
}

/** The longest literal start of a pattern: the listing prefix (`a/jb*_drz.fits` → `a/jb`). */
export function literalPrefix(pattern: string): string {
  const i = pattern.search(WILD);
  return i < 0 ? pattern : pattern.slice(0, i);
}

function escapeRe(s: string): string {
  return s.replace(/[\\^$.|+(){}\]]/g, '\\$&');
}

/** `[abc]`, `[!abc]`, `[a-z]` as in fnmatch; an unclosed `[` is a literal bracket. */
function bracket(pattern: string, i: number, slashFree: boolean): { re: string; end: number } | null {
  let j = i + 1;
  let negate = false;
  if (pattern[j] === '!' || pattern[j] === '^') {
    negate = true;
    j++;
  }
  const start = j;
  if (pattern[j] === ']') j++;
  while (j < pattern.length && pattern[j] !== ']') j++;
  if (j >= pattern.length) return null;
  const body = pattern.slice(start, j).replace(/\\/g, '\\\\').replace(/\]/g, '\\]').replace(/\^/g, '\\^');
  const re = negate ? `[^${body}${slashFree ? '/' : ''}]` : `[${body}]`;
  return { re, end: j };
}

/**
 * Glob in an S3 key, shell-like: `*` and `?` stay within one `/`-separated level, `**` crosses levels
 * (`a/**` is everything under `a/`, `a/**\/x.fits` matches `a/x.fits` and `a/b/c/x.fits`).
 */
export function keyGlobRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const b = bracket(pattern, i, true);
      if (b) {
        re += b.re;
        i = b.end;
      } else re += '\\[';
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 's');
}

/** aws s3 cp's filter patterns (fnmatch): `*` matches anything including `/`, `?` one character. */
export function filterRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const b = bracket(pattern, i, false);
      if (b) {
        re += b.re;
        i = b.end;
      } else re += '\\[';
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 's');
}

export interface KeyFilter {
  readonly kind: 'include' | 'exclude';
  readonly pattern: string;
}

export type CompiledFilters = readonly { readonly include: boolean; readonly re: RegExp }[];

export function compileFilters(filters: readonly KeyFilter[]): CompiledFilters {
  return filters.map((f) => {
    if (f.pattern === '')
      throw new CdrError(`--${f.kind} needs a pattern such as '*.fits'`, { code: 'BadInput', details: { value: '' } });
    return { include: f.kind === 'include', re: filterRegExp(f.pattern) };
  });
}

/** As `aws s3 cp --recursive`: everything is in until a filter says otherwise; later filters win. */
export function passesFilters(relativeName: string, filters: CompiledFilters): boolean {
  let included = true;
  for (const f of filters) if (f.re.test(relativeName)) included = f.include;
  return included;
}
