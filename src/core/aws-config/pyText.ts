// Pure: Python's str.strip / shlex.split semantics, which botocore's INI reading and credential_process rely on.

// Python's str.isspace() set; JS trim() differs (it strips U+FEFF, keeps U+001C-U+001F and U+0085),
// and that difference decides whether a file with a BOM parses.
const PY_SPACE = new Set([
  '\t',
  '\n',
  '\u000b',
  '\u000c',
  '\r',
  '\u001c',
  '\u001d',
  '\u001e',
  '\u001f',
  ' ',
  '\u0085',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
]);

export function isPySpace(ch: string): boolean {
  return PY_SPACE.has(ch);
}

export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && PY_SPACE.has(s[end - 1]!)) end--;
  return s.slice(0, end);
}

export function pyLstrip(s: string): string {
  let start = 0;
  while (start < s.length && PY_SPACE.has(s[start]!)) start++;
  return s.slice(start);
}

export function pyStrip(s: string): string {
  return pyLstrip(pyRstrip(s));
}

/** Index of the first non-space character (configparser's NONSPACECRE), or 0 for an all-space line. */
export function pyIndent(s: string): number {
  for (let i = 0; i < s.length; i++) if (!PY_SPACE.has(s[i]!)) return i;
  return 0;
}

/**
 * Python's `shlex.split(s)` (POSIX mode, no comments). Returns null where Python raises ValueError
 * (an unclosed quote or a trailing backslash).
 */
export function shlexSplit(s: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const ws = ' \t\r\n';
  while (i < s.length) {
    const c = s[i]!;
    if (ws.includes(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === '\\') {
      if (i + 1 >= s.length) return null;
      word += s[i + 1];
      inWord = true;
      i += 2;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) return null;
      word += s.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < s.length) {
        const d = s[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < s.length && (s[i + 1] === '"' || s[i + 1] === '\\')) {
          word += s[i + 1];
          i += 2;
          continue;
        }
        if (d === '\\' && i + 1 >= s.length) return null;
        word += d;
        i++;
      }
      if (!closed) return null;
      inWord = true;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
