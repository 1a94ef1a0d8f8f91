// Pure: writes a minimal but valid FITS file (one primary image HDU) so demo files open in astropy/DS9.
// The FITS standard (4.0): 80-character ASCII cards, header and data each padded to 2880-byte blocks,
// big-endian data, header padded with spaces and data with zeros.
import { rng } from '../../test/support/rng';

export type FitsValue = string | number | boolean;

/** A header card: keyword → value, or [value, comment]. Mandatory keywords are written first, by makeFits. */
export type FitsCards = Readonly<Record<string, FitsValue | readonly [FitsValue, string]>>;

export interface FitsImage {
  readonly width: number;
  readonly height: number;
  /** 16: signed 16-bit integers; -32: IEEE float. */
  readonly bitpix: 16 | -32;
  /** Extra header cards (TELESCOP, INSTRUME, DATE-OBS…), in order. */
  readonly cards?: FitsCards;
  /** Seeds the synthetic sky, so the same name always gives the same bytes. */
  readonly seed: number;
}

const BLOCK = 2880;
const CARD = 80;

function formatValue(v: FitsValue): string {
  if (typeof v === 'boolean') return (v ? 'T' : 'F').padStart(20);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`FITS numbers must be finite: ${v}`);
    // JS's shortest round-trip form is a valid FITS integer or real; only the exponent letter must be upper case.
    return String(v).toUpperCase().padStart(20);
  }
  // Strings: quoted, at least 8 characters between the quotes, inner quotes doubled.
  return `'${v.replace(/'/g, "''").padEnd(8)}'`.padEnd(20);
}

/** One 80-character card; throws on keywords or values FITS cannot hold, so a typo fails loudly. */
export function fitsCard(keyword: string, value?: FitsValue, comment?: string): string {
  if (!/^[A-Z0-9_-]{1,8}$/.test(keyword)) throw new Error(`FITS keyword must be 1-8 of A-Z 0-9 _ -: ${keyword}`);
  if (value === undefined) return keyword.padEnd(CARD);
  let card = `${keyword.padEnd(8)}= ${formatValue(value)}`;
  if (comment) card += ` / ${comment}`;
  if (card.length > CARD) card = card.slice(0, CARD);
  if (!/^[\x20-\x7e]*$/.test(card)) throw new Error(`FITS cards are printable ASCII: ${card}`);
  return card.padEnd(CARD);
}

function pad(buf: Buffer, fill: number): Buffer {
  const rem = buf.length % BLOCK;
  return rem === 0 ? buf : Buffer.concat([buf, Buffer.alloc(BLOCK - rem, fill)]);
}

/** A sky-like image: flat background, noise and a few Gaussian "stars", so a viewer shows something. */
function synthesize(width: number, height: number, seed: number): Float64Array {
  const rand = rng(seed);
  const px = new Float64Array(width * height);
  for (let i = 0; i < px.length; i++) px[i] = 100 + (rand() + rand() + rand() - 1.5) * 8;
  // About one star per 1500 pixels, so small cut-outs are mostly sky, as real ones are.
  const stars = Math.max(1, Math.round(((width * height) / 1500) * (0.5 + rand())));
  for (let s = 0; s < stars; s++) {
    const cx = rand() * width;
    const cy = rand() * height;
    const peak = 200 + rand() * 4000;
    const sigma = 0.8 + rand() * 2.5;
    const r = Math.ceil(sigma * 4);
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(height, cy + r); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(width, cx + r); x++) {
        px[y * width + x] += peak * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sigma * sigma));
      }
    }
  }
  return px;
}

export function makeFits(img: FitsImage): Buffer {
  if (!(Number.isInteger(img.width) && Number.isInteger(img.height) && img.width > 0 && img.height > 0))
    throw new Error(`FITS image size must be positive integers: ${img.width}x${img.height}`);
  const cards = [
    fitsCard('SIMPLE', true, 'conforms to FITS standard'),
    fitsCard('BITPIX', img.bitpix, img.bitpix === 16 ? '16-bit signed integers' : 'IEEE single precision'),
    fitsCard('NAXIS', 2, 'number of array dimensions'),
    fitsCard('NAXIS1', img.width),
    fitsCard('NAXIS2', img.height),
    fitsCard('EXTEND', true),
  ];
  for (const [k, v] of Object.entries(img.cards ?? {})) {
    cards.push(Array.isArray(v) ? fitsCard(k, v[0] as FitsValue, v[1] as string) : fitsCard(k, v as FitsValue));
  }
  cards.push(fitsCard('END'));
  const header = pad(Buffer.from(cards.join(''), 'ascii'), 0x20);

  const sky = synthesize(img.width, img.height, img.seed);
  const bytesPer = img.bitpix === 16 ? 2 : 4;
  const data = Buffer.alloc(sky.length * bytesPer);
  for (let i = 0; i < sky.length; i++) {
    if (img.bitpix === 16) data.writeInt16BE(Math.max(-32768, Math.min(32767, Math.round(sky[i]))), i * 2);
    else data.writeFloatBE(sky[i], i * 4);
  }
  return Buffer.concat([header, pad(data, 0)]);
}
