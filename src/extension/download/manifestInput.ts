// Pure: reads the URIs out of a manifest file — one per line, or one column of a CSV (found by its content).

export interface ManifestUris {
  readonly uris: string[];
  /** 1-based line numbers of rows that had no URI in the chosen column, for the message. */
  readonly skippedLines: number[];
}

const URI = /^(s3:\/\/|mast:|https?:\/\/)\S+$/i;

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  out.push(cell.trim());
  return out;
}

export function parseManifest(text: string): ManifestUris {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows = lines
    .map((l, i) => ({ n: i + 1, cells: l.trim() === '' || l.trimStart().startsWith('#') ? [] : splitCsvLine(l) }))
    .filter((r) => r.cells.length > 0);
  // The column holding URIs is the one where most rows look like one; a header row simply does not match.
  const counts = new Map<number, number>();
  for (const r of rows) r.cells.forEach((c, i) => URI.test(c) && counts.set(i, (counts.get(i) ?? 0) + 1));
  const column = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  if (column === undefined) return { uris: [], skippedLines: rows.map((r) => r.n) };
  const uris: string[] = [];
  const skippedLines: number[] = [];
  for (const r of rows) {
    const c = r.cells[column];
    if (c && URI.test(c)) uris.push(c);
    else skippedLines.push(r.n);
  }
  return { uris, skippedLines };
}

/** What a user pastes: URIs separated by spaces, commas or new lines. */
export function splitTypedUris(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
