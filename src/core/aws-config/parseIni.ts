// Pure: a line-aware INI parser with the exact rules botocore applies (Python's RawConfigParser + botocore's nested values).
//
// Why not @smithy/shared-ini-file-loader here: its parseIni keeps no line numbers, accepts inline comments and
// duplicates that botocore rejects, and loadSharedConfigFiles swallows every read or parse error. We need to say
// "file:line" for each section, key and problem, and to fail exactly where boto3 fails, so this parser follows
// configparser's `_read` step by step (comments only at line start, indented continuation lines, `=` or `:`,
// strict duplicates, [DEFAULT] as defaults for every section, errors kept with their line).
import { pyIndent, pyRstrip, pyStrip } from './pyText';

export interface IniEntry {
  /** Key as botocore sees it (lower-cased by configparser). */
  readonly key: string;
  /** Value after joining continuation lines, as configparser returns it. */
  readonly value: string;
  /** botocore's one-level nested block (`s3 =` followed by indented `k = v` lines). */
  readonly nested?: Readonly<Record<string, string>>;
  readonly line: number;
}

export interface IniSection {
  /** The text between the brackets, verbatim (section names are case-sensitive). */
  readonly name: string;
  readonly line: number;
  /** Own keys plus the [DEFAULT] section's keys, as `cp.options(section)` returns them. */
  readonly entries: ReadonlyMap<string, IniEntry>;
}

export interface IniProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface IniParseResult {
  readonly file: string;
  /** Sections in file order, [DEFAULT] excluded (its keys are folded into each section). */
  readonly sections: readonly IniSection[];
  /** The problem boto3 would stop on (the earliest one), or null. Sections parsed so far are kept for display. */
  readonly error: IniProblem | null;
}

interface MutableSection {
  name: string;
  line: number;
  values: Map<string, { key: string; parts: string[]; line: number }>;
}

const SECTION_RE = /^\[([^\n]+)\]/;
const OPTION_RE = /^([^\n]*?)\s*(=|:)\s*([^\n]*)$/;

/** Decodes like Python's UTF-8 codec: strict, and a BOM stays a character (which then breaks the first line). */
export function decodeIniBytes(bytes: Uint8Array, file: string): { text: string; error: IniProblem | null } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), error: null };
  } catch {
    // Find the line of the first undecodable byte so the message can point at it.
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    return { text: '', error: { file, line, message: 'is not valid UTF-8' } };
  }
}

export function parseIniBytes(bytes: Uint8Array, options: { file: string }): IniParseResult {
  const decoded = decodeIniBytes(bytes, options.file);
  if (decoded.error) return { file: options.file, sections: [], error: decoded.error };
  return parseIni(decoded.text, options);
}

export function parseIni(text: string, options: { file: string }): IniParseResult {
  const file = options.file;
  const problems: IniProblem[] = [];
  const fail = (line: number, message: string) => problems.push({ file, line, message });
  const sections: MutableSection[] = [];
  const defaults: MutableSection = { name: 'DEFAULT', line: 0, values: new Map() };
  const seenSections = new Set<string>();
  let cursect: MutableSection | null = null;
  let optname: string | null = null;
  let indentLevel = 0;
  // Python's text mode reads with universal newlines.
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  for (let i = 0; i < lines.length; i++) {
    const lineno = i + 1;
    const raw = lines[i]!;
    const stripped = pyStrip(raw);
    const isComment = stripped.startsWith('#') || stripped.startsWith(';');
    const value = isComment ? '' : stripped;
    if (!value) {
      // configparser keeps blank lines inside a value (they matter for nested blocks), but not comment lines.
      if (!isComment && cursect && optname !== null && optname !== '') cursect.values.get(optname)?.parts.push('');
      continue;
    }
    const curIndent = pyIndent(raw);
    if (cursect && optname && curIndent > indentLevel) {
      cursect.values.get(optname)?.parts.push(value);
      continue;
    }
    indentLevel = curIndent;
    const sm = SECTION_RE.exec(value);
    if (sm) {
      const name = sm[1]!;
      if (name === 'DEFAULT') {
        cursect = defaults;
      } else if (seenSections.has(name)) {
        fail(lineno, `duplicate section [${name}]`);
        break;
      } else {
        cursect = { name, line: lineno, values: new Map() };
        sections.push(cursect);
        seenSections.add(name);
      }
      optname = null;
      continue;
    }
    if (!cursect) {
      fail(lineno, 'a key or text before the first [section]');
      break;
    }
    const om = OPTION_RE.exec(value);
    if (!om) {
      // configparser keeps reading after a garbage line and raises at the end; the file is rejected all the same.
      fail(lineno, `cannot parse this line (no '=' or ':'): ${JSON.stringify(value.slice(0, 40))}`);
      continue;
    }
    if (!om[1]) fail(lineno, 'a line with an empty key');
    const key = pyRstrip(om[1]!).toLowerCase();
    if (cursect.values.has(key)) {
      fail(lineno, `duplicate key "${key}" in [${cursect.name}] (first at line ${cursect.values.get(key)!.line})`);
      break;
    }
    optname = key;
    cursect.values.set(key, { key, parts: [pyStrip(om[3]!)], line: lineno });
  }

  const error = problems.length ? problems.reduce((a, b) => (b.line < a.line ? b : a)) : null;
  const finish = (s: MutableSection): Map<string, IniEntry> => {
    const out = new Map<string, IniEntry>();
    const add = (v: { key: string; parts: string[]; line: number }) => {
      const joined = pyRstrip(v.parts.join('\n'));
      const nested = joined.startsWith('\n') ? parseNested(joined) : undefined;
      if (nested === null && !problems.length)
        problems.push({ file, line: v.line, message: `the indented block under "${v.key}" has a line without '='` });
      out.set(v.key, { key: v.key, value: joined, line: v.line, ...(nested ? { nested } : {}) });
    };
    for (const v of s.values.values()) add(v);
    for (const v of defaults.values.values()) if (!out.has(v.key)) add(v);
    return out;
  };
  const finished = sections.map((s) => ({ name: s.name, line: s.line, entries: finish(s) }));
  const finalError = error ?? (problems.length ? problems[0]! : null);
  return { file, sections: finished, error: finalError };
}

/** botocore's `_parse_nested`: null where it raises ValueError. */
function parseNested(value: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const l of value.split(/\r\n|\r|\n/)) {
    const line = pyStrip(l);
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq < 0) return null;
    out[pyStrip(line.slice(0, eq))] = pyStrip(line.slice(eq + 1));
  }
  return out;
}
