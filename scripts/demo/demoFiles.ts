// Pure: the demo's sample files, laid out like the real archives' buckets, and their (deterministic) bytes.
import { createHash } from 'node:crypto';
import { makeFits, type FitsCards } from './fits';

export interface DemoFileSpec {
  /** Bucket the file lives in, or null for a file MAST keeps off the cloud (exclusive access). */
  readonly bucket: 'stpubdata' | 'nasa-heasarc' | 'usgs-landsat' | null;
  /** Key in that bucket (for bucket null: MAST's own path, shown only for orientation). */
  readonly key: string;
  /** MAST data URI when MAST serves it (`mast:HST/product/…`). */
  readonly mastUri?: string;
  /** Exclusive-access at MAST: Download/file wants `Authorization: token …`; path_lookup knows no cloud copy. */
  readonly exclusive?: boolean;
  readonly description: string;
  readonly bytes: () => Buffer;
}

export interface DemoFile {
  readonly bucket: DemoFileSpec['bucket'];
  readonly key: string;
  readonly s3Uri: string | null;
  readonly mastUri: string | null;
  readonly exclusive: boolean;
  readonly description: string;
  readonly size: number;
  readonly sha256: string;
  readonly data: Buffer;
}

function seedOf(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0);
}

function fits(name: string, width: number, height: number, bitpix: 16 | -32, cards: FitsCards): () => Buffer {
  return () =>
    makeFits({
      width,
      height,
      bitpix,
      seed: seedOf(name),
      cards: { FILENAME: name, ...cards, ORIGIN: ['CDR demo', 'synthetic data; not a real observation'] },
    });
}

const HST = { TELESCOP: 'HST' };

/**
 * One HST WFC3/UVIS visit laid out as stpubdata holds it, for browsing and downloading a folder in the Cloud Data
 * view: `hst/public/ib6w/` holds the association (ib6w01010: its drizzled product and the association table) and
 * its two exposures, each with raw, calibrated and flat-fielded files.
 */
const VISIT = 'ib6w01010';
const VISIT_EXPOSURES = ['ib6w01rcq', 'ib6w01rdq'];
const wfc3 = (rootname: string, extra: FitsCards) => ({
  ...HST,
  INSTRUME: 'WFC3',
  DETECTOR: 'UVIS',
  ROOTNAME: rootname,
  ASN_ID: VISIT.toUpperCase(),
  FILTER: 'F606W',
  TARGNAME: 'NGC-6397',
  'DATE-OBS': '2010-03-19',
  ...extra,
});
const visitFile = (dir: string, file: string, description: string, bytes: () => Buffer): DemoFileSpec => ({
  bucket: 'stpubdata',
  key: `hst/public/ib6w/${dir}/${file}`,
  mastUri: `mast:HST/product/${file}`,
  description,
  bytes,
});
const HST_VISIT_SPECS: readonly DemoFileSpec[] = [
  visitFile(
    VISIT,
    `${VISIT}_drz.fits`,
    'HST WFC3 drizzled image of a visit, 128×128 float (≈66 KB)',
    fits(`${VISIT}_drz.fits`, 128, 128, -32, wfc3(VISIT, { EXPTIME: 700.0, BUNIT: 'ELECTRONS/S' })),
  ),
  visitFile(
    VISIT,
    `${VISIT}_asn.fits`,
    'HST association table of the visit (≈6 KB)',
    fits(`${VISIT}_asn.fits`, 16, 8, 16, wfc3(VISIT, { ASN_TAB: `${VISIT}_asn.fits` })),
  ),
  ...VISIT_EXPOSURES.flatMap((exp, i) =>
    (['raw', 'flt', 'flc'] as const).map((kind) =>
      visitFile(
        exp,
        `${exp}_${kind}.fits`,
        `HST WFC3 exposure ${i + 1} of the visit, ${kind.toUpperCase()}, 64×64 (≈11 KB)`,
        fits(`${exp}_${kind}.fits`, 64, 64, 16, wfc3(exp, { EXPTIME: 350.0, FILETYPE: kind.toUpperCase() })),
      ),
    ),
  ),
];

/**
 * Key shapes follow the real buckets: stpubdata `hst/public/<first 4 of ipppssoot>/<ipppssoot>/<file>`,
 * `jwst/public/<program>/…`, `tess/public/ffi/<sector>/<year>/<day>/<cam-ccd>/…`; nasa-heasarc mirrors the
 * HEASARC FTP area; usgs-landsat `collection02/level-1/standard/oli-tirs/<year>/<path>/<row>/<scene>/…`.
 */
export const DEMO_FILE_SPECS: readonly DemoFileSpec[] = [
  {
    bucket: 'stpubdata',
    key: 'hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits',
    mastUri: 'mast:HST/product/u9o40504m_c3m.fits',
    description: 'HST WFPC2 image, 64×64 (≈11 KB)',
    bytes: fits('u9o40504m_c3m.fits', 64, 64, 16, {
      ...HST,
      INSTRUME: 'WFPC2',
      ROOTNAME: 'u9o40504m',
      FILTNAM1: 'F555W',
      'DATE-OBS': '2006-05-04',
      EXPTIME: 40.0,
    }),
  },
  {
    bucket: 'stpubdata',
    key: 'hst/public/jbgu/jbgu01010/jbgu01010_drc.fits',
    mastUri: 'mast:HST/product/jbgu01010_drc.fits',
    description: 'HST ACS drizzled image, 512×500 float (≈1 MB)',
    bytes: fits('jbgu01010_drc.fits', 512, 500, -32, {
      ...HST,
      INSTRUME: 'ACS',
      DETECTOR: 'WFC',
      ROOTNAME: 'jbgu01010',
      FILTER1: 'F606W',
      'DATE-OBS': '2011-02-19',
      EXPTIME: 1350.5,
      BUNIT: 'ELECTRONS/S',
    }),
  },
  {
    bucket: 'stpubdata',
    key: 'jwst/public/jw02733/L3/t/o001/jw02733-o001_t001_nircam_clear-f090w_i2d.fits',
    mastUri: 'mast:JWST/product/jw02733-o001_t001_nircam_clear-f090w_i2d.fits',
    description: 'JWST NIRCam level-3 image, 256×256 float (≈260 KB)',
    bytes: fits('jw02733-o001_t001_nircam_clear-f090w_i2d.fits', 256, 256, -32, {
      TELESCOP: 'JWST',
      INSTRUME: 'NIRCAM',
      PROGRAM: '02733',
      FILTER: 'F090W',
      TARGPROP: 'NGC3132',
      'DATE-OBS': '2022-06-03',
      BUNIT: 'MJy/sr',
    }),
  },
  {
    bucket: 'stpubdata',
    key: 'tess/public/ffi/s0001/2018/206/1-1/tess2018206192942-s0001-1-1-0120-s_ffic.fits',
    mastUri: 'mast:TESS/product/tess2018206192942-s0001-1-1-0120-s_ffic.fits',
    description: 'TESS full-frame image cut down to 128×128 (≈35 KB)',
    bytes: fits('tess2018206192942-s0001-1-1-0120-s_ffic.fits', 128, 128, 16, {
      TELESCOP: 'TESS',
      INSTRUME: 'TESS Photometer',
      SECTOR: 1,
      CAMERA: 1,
      CCD: 1,
      'DATE-OBS': '2018-07-25T19:29:42',
    }),
  },
  {
    bucket: null,
    key: 'hst/proprietary/odx5/odx501010/odx501010_x1d.fits',
    mastUri: 'mast:HST/product/odx501010_x1d.fits',
    exclusive: true,
    description: 'HST STIS file still in its exclusive-access period: MAST only, with a MAST token',
    bytes: fits('odx501010_x1d.fits', 32, 32, 16, {
      ...HST,
      INSTRUME: 'STIS',
      ROOTNAME: 'odx501010',
      'DATE-OBS': '2026-09-30',
      EXPTIME: 2100.0,
    }),
  },
  {
    bucket: 'nasa-heasarc',
    key: 'chandra/data/byobsid/2/3052/primary/acisf03052N004_cntr_img2.fits',
    description: 'Chandra ACIS centred image, 200×200 (≈83 KB)',
    bytes: fits('acisf03052N004_cntr_img2.fits', 200, 200, 16, {
      TELESCOP: 'CHANDRA',
      INSTRUME: 'ACIS',
      OBS_ID: '3052',
      'DATE-OBS': '2002-04-15',
    }),
  },
  {
    bucket: 'nasa-heasarc',
    key: 'rosat/data/pspc/processed_data/700000/rp700001n00/rp700001n00_im1.fits',
    description: 'ROSAT PSPC image, 96×96 (≈20 KB)',
    bytes: fits('rp700001n00_im1.fits', 96, 96, 16, {
      TELESCOP: 'ROSAT',
      INSTRUME: 'PSPCB',
      OBS_ID: 'RP700001N00',
      'DATE-OBS': '1991-03-01',
    }),
  },
  {
    bucket: 'usgs-landsat',
    key: 'collection02/level-1/standard/oli-tirs/2021/044/034/LC08_L1TP_044034_20210508_20210518_02_T1/LC08_L1TP_044034_20210508_20210518_02_T1_MTL.txt',
    description: 'Landsat 8 scene metadata (requester pays, us-west-2)',
    bytes: () =>
      Buffer.from(
        [
          'GROUP = LANDSAT_METADATA_FILE',
          '  GROUP = PRODUCT_CONTENTS',
          '    ORIGIN = "Image courtesy of the U.S. Geological Survey (CDR demo copy; synthetic)"',
          '    LANDSAT_PRODUCT_ID = "LC08_L1TP_044034_20210508_20210518_02_T1"',
          '    PROCESSING_LEVEL = "L1TP"',
          '    COLLECTION_NUMBER = 02',
          '  END_GROUP = PRODUCT_CONTENTS',
          '  GROUP = IMAGE_ATTRIBUTES',
          '    SPACECRAFT_ID = "LANDSAT_8"',
          '    SENSOR_ID = "OLI_TIRS"',
          '    WRS_PATH = 44',
          '    WRS_ROW = 34',
          '    DATE_ACQUIRED = 2021-05-08',
          '    CLOUD_COVER = 0.08',
          '  END_GROUP = IMAGE_ATTRIBUTES',
          'END_GROUP = LANDSAT_METADATA_FILE',
          'END',
          '',
        ].join('\n'),
        'ascii',
      ),
  },
  ...HST_VISIT_SPECS,
];

/** Materializes the specs once: bytes, sizes and hashes the demo and its tests compare against. */
export function buildDemoFiles(specs: readonly DemoFileSpec[] = DEMO_FILE_SPECS): DemoFile[] {
  return specs.map((s) => {
    const data = s.bytes();
    return {
      bucket: s.bucket,
      key: s.key,
      s3Uri: s.bucket ? `s3://${s.bucket}/${s.key}` : null,
      mastUri: s.mastUri ?? null,
      exclusive: s.exclusive === true,
      description: s.description,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      data,
    };
  });
}
