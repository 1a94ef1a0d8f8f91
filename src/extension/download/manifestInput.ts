// Pure: what a user pastes into the Download box → URIs. Manifest files are read by core's parseListFile.

/** What a user pastes: URIs separated by spaces, commas or new lines. */
export function splitTypedUris(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
