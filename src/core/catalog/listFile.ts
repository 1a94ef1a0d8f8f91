// Pure: a list file → the addresses in it: one per line, a CSV column of URIs, or an astroquery product table (CSV or ECSV with a `dataURI` column).
import { CdrError } from '../errors';

export interface ListEntry {
  readonly uri: string;
  /** 1-based line in the file, for messages. */
  readonly line: number;
  /** From a product table: what MAST said about the file. */
  readonly size?: number;
  readonly obs_collection?: string;
  readonly obs_id?: string;
  readonly productFilename?: string;
}

export interface ParsedList {
  readonly entries: ListEntry[];
  /** Rows without an address in the chosen column. */
  readonly skippedLines: number[];
  readonly format: 'lines' | 'csv' | 'product-table';
}

const URI = /^(s3:\/\/|mast:|https?:\/\/)\S+$/i;

/** One row of a delimited file; `"` quotes, `""` escapes a quote (CSV and ECSV alike). */
export function splitDelimited(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (c === delimiter) {
      if (delimiter !== ' ' || cell !== '' || wasQuoted) out.push(wasQuoted ? cell : cell.trim());
      cell = '';
      wasQuoted = false;
    } else cell += c;
  }
  if (delimiter !== ' ' || cell !== '' || wasQuoted) out.push(wasQuoted ? cell : cell.trim());
  return out;
}

function productEntry(cells: string[], cols: Map<string, number>, line: number): ListEntry | null {
  const get = (name: string) => {
    const i = cols.get(name);
    const v = i === undefined ? undefined : cells[i];
    return v === undefined || v === '' || v === '--' ? undefined : v;
  };
  const uri = get('dataURI');
  if (!uri || !URI.test(uri)) return null;
  const size = get('size') !== undefined ? Number(get('size')) : undefined;
  return {
    uri,
    line,
    ...(size !== undefined && Number.isFinite(size) && size >= 0 ? { size } : {}),
    ...(get('obs_collection') ? { obs_collection: get('obs_collection') } : {}),
    ...(get('obs_id') ? { obs_id: get('obs_id') } : {}),
    ...(get('productFilename') ? { productFilename: get('productFilename') } : {}),
  };
}

function productTable(rows: { n: number; cells: string[] }[], format: ParsedList['format']): ParsedList {
  const [header, ...data] = rows;
  const cols = new Map(header!.cells.map((c, i) => [c, i] as const));
  const entries: ListEntry[] = [];
  const skippedLines: number[] = [];
  for (const r of data) {
    const e = productEntry(r.cells, cols, r.n);
    if (e) entries.push(e);
    else skippedLines.push(r.n);
  }
  return { entries, skippedLines, format };
}

/** ECSV: `# %ECSV` header (YAML, maybe `delimiter: ','`), then a row of column names, then space-separated rows. */
function parseEcsv(lines: string[], file: string): ParsedList {
  const header = lines.filter((l) => l.startsWith('#'));
  const delimiter = /^#\s*delimiter:\s*['"]?,['"]?\s*$/m.test(header.join('\n')) ? ',' : ' ';
  const rows = lines
    .map((l, i) => ({ n: i + 1, text: l }))
    .filter((r) => r.text.trim() !== '' && !r.text.startsWith('#'))
    .map((r) => ({ n: r.n, cells: splitDelimited(r.text, delimiter) }));
  if (rows.length === 0 || !rows[0]!.cells.includes('dataURI'))
    throw new CdrError(`${file}: an ECSV list needs a dataURI column (an astroquery product table)`, {
      code: 'BadInput',
      location: { file, line: 0 },
    });
  return productTable(rows, 'product-table');
}

/** Throws BadInput naming the file when it holds no address at all. */
export function parseListFile(text: string, file: string): ParsedList {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (/^#\s*%ECSV/.test(lines[0] ?? '')) return parseEcsv(lines, file);
  const rows = lines
    .map((l, i) => ({
      n: i + 1,
      cells: l.trim() === '' || l.trimStart().startsWith('#') ? [] : splitDelimited(l, ','),
    }))
    .filter((r) => r.cells.length > 0);
  let parsed: ParsedList;
  if (rows[0]?.cells.includes('dataURI')) parsed = productTable(rows, 'product-table');
  else {
    // The column holding URIs is the one where most rows look like one; a header row simply does not match.
    const counts = new Map<number, number>();
    for (const r of rows) r.cells.forEach((c, i) => URI.test(c) && counts.set(i, (counts.get(i) ?? 0) + 1));
    const column = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
    const entries: ListEntry[] = [];
    const skippedLines: number[] = [];
    for (const r of rows) {
      const c = column === undefined ? undefined : r.cells[column];
      if (c && URI.test(c)) entries.push({ uri: c, line: r.n });
      else skippedLines.push(r.n);
    }
    parsed = { entries, skippedLines, format: rows.some((r) => r.cells.length > 1) ? 'csv' : 'lines' };
  }
  if (parsed.entries.length === 0)
    throw new CdrError(`${file}: no s3://, mast: or https:// address in this list`, {
      code: 'BadInput',
      location: { file, line: 0 },
    });
  return parsed;
}
