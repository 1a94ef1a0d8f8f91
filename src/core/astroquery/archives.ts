// Pure: the archives whose logins astroquery implements and this tool does not — host patterns, the astroquery
// module and calls, and how each login can run without a prompt. Read from astroquery 0.4.6 (Debian) and 0.4.11.

/** How astroquery's login for an archive gets its secret. */
export type LoginKind =
  /** No login in astroquery's module (public data). */
  | 'none'
  /** No login for these files (public), or a token from an environment variable when set. */
  | 'token-env'
  /** A file of two lines, user then password (TAP+ archives) or an astroquery-style credentials file. */
  | 'credentials-file'
  /** A client certificate file. */
  | 'certificate'
  /** The system keyring (service `astroquery:<host>`) for a configured user name; `getpass` on the terminal otherwise. */
  | 'keyring';

export type ArchiveId =
  'mast' | 'eso' | 'alma' | 'gaia' | 'esa-hubble' | 'esa-jwst' | 'esa-euclid' | 'esa-xmm' | 'cadc';

export interface DelegatedArchive {
  readonly id: ArchiveId;
  readonly name: string;
  /** Exact host names, or `.suffix` for a domain and its subdomains. */
  readonly hosts: readonly string[];
  readonly module: string;
  readonly loginCall: string;
  readonly downloadCall: string;
  readonly login: LoginKind;
  /** The environment variable that lets the login run without a prompt (user name, token or file path). */
  readonly variable: string | null;
  /** Keyring service name, for `keyring` logins. */
  readonly keyringService?: string;
  /** True when, without `variable` (and a keyring entry), astroquery's login would ask on the terminal. */
  readonly prompts: boolean;
  /** Oldest astroquery release with the calls used (feature-detected in the script as well). */
  readonly minVersion: string;
}

export const DELEGATED_ARCHIVES: readonly DelegatedArchive[] = [
  {
    id: 'mast',
    name: 'MAST',
    hosts: ['mast.stsci.edu'],
    module: 'astroquery.mast',
    loginCall: 'Observations.login(token=os.environ["MAST_API_TOKEN"])',
    downloadCall: 'Observations.download_file(uri, local_path=...)',
    login: 'token-env',
    variable: 'MAST_API_TOKEN',
    prompts: false,
    minVersion: '0.4.6',
  },
  {
    id: 'eso',
    name: 'ESO',
    hosts: ['dataportal.eso.org', 'archive.eso.org'],
    module: 'astroquery.eso',
    loginCall: 'Eso.login(username=os.environ["ESO_USERNAME"])',
    downloadCall: 'Eso.retrieve_data([dp_id], destination=...)',
    login: 'keyring',
    variable: 'ESO_USERNAME',
    keyringService: 'astroquery:www.eso.org',
    prompts: true,
    minVersion: '0.4.6',
  },
  {
    id: 'alma',
    name: 'ALMA',
    hosts: ['almascience.eso.org', 'almascience.nrao.edu', 'almascience.nao.ac.jp', 'almascience.org'],
    module: 'astroquery.alma',
    loginCall: 'Alma.login(username=os.environ["ALMA_USERNAME"])',
    downloadCall: 'Alma.download_files([url], savedir=...)',
    login: 'keyring',
    variable: 'ALMA_USERNAME',
    keyringService: 'astroquery:asa.alma.cl',
    prompts: true,
    minVersion: '0.4.6',
  },
  {
    id: 'gaia',
    name: 'Gaia (ESA)',
    hosts: ['gea.esac.esa.int'],
    module: 'astroquery.gaia',
    loginCall: 'Gaia.login(credentials_file=os.environ["GAIA_CREDENTIALS_FILE"])',
    downloadCall: 'Gaia.load_data(ids=[...], dump_to_file=True, output_file=...)',
    login: 'credentials-file',
    variable: 'GAIA_CREDENTIALS_FILE',
    prompts: false,
    minVersion: '0.4.6',
  },
  {
    id: 'esa-hubble',
    name: 'ESA Hubble (eHST)',
    hosts: ['hst.esac.esa.int'],
    module: 'astroquery.esa.hubble',
    loginCall: '(none: eHST serves public data without a login up to astroquery 0.4.11)',
    downloadCall: 'ESAHubble.download_product(observation_id, filename=...)',
    login: 'none',
    variable: null,
    prompts: false,
    minVersion: '0.4.6',
  },
  {
    id: 'esa-jwst',
    name: 'ESA JWST',
    hosts: ['jwst.esac.esa.int'],
    module: 'astroquery.esa.jwst',
    loginCall: 'Jwst.login(credentials_file=os.environ["JWST_CREDENTIALS_FILE"])',
    downloadCall: 'Jwst.get_product(artifact_id=...) or get_product(file_name=...)',
    login: 'credentials-file',
    variable: 'JWST_CREDENTIALS_FILE',
    prompts: false,
    minVersion: '0.4.6',
  },
  {
    id: 'esa-euclid',
    name: 'ESA Euclid',
    hosts: ['eas.esac.esa.int', 'easidr.esac.esa.int'],
    module: 'astroquery.esa.euclid',
    loginCall: 'Euclid.login(credentials_file=os.environ["EUCLID_CREDENTIALS_FILE"])',
    downloadCall: 'Euclid.get_product(file_name=..., output_file=...)',
    login: 'credentials-file',
    variable: 'EUCLID_CREDENTIALS_FILE',
    prompts: false,
    // Not in 0.4.6 or 0.4.7; the script feature-detects the module and names the upgrade.
    minVersion: '0.4.8',
  },
  {
    id: 'esa-xmm',
    name: 'ESA XMM-Newton',
    hosts: ['nxsa.esac.esa.int'],
    module: 'astroquery.esa.xmm_newton',
    loginCall: 'XMMNewton.download_data(obsid, prop=True, credentials_file=os.environ["XMM_CREDENTIALS_FILE"])',
    downloadCall: 'XMMNewton.download_data(obsid, filename=...)',
    login: 'credentials-file',
    variable: 'XMM_CREDENTIALS_FILE',
    prompts: false,
    minVersion: '0.4.6',
  },
  {
    id: 'cadc',
    name: 'CADC',
    hosts: ['.canfar.net', 'www.cadc-ccda.hia-iha.nrc-cnrc.gc.ca'],
    module: 'astroquery.cadc',
    loginCall: 'Cadc().login(certificate_file=os.environ["CADC_CERTIFICATE"])',
    downloadCall: "the login's authenticated session GETs the file URL (as get_data_urls' URLs are fetched)",
    login: 'certificate',
    variable: 'CADC_CERTIFICATE',
    prompts: false,
    minVersion: '0.4.6',
  },
];

function hostMatches(host: string, pattern: string): boolean {
  return pattern.startsWith('.') ? host.endsWith(pattern) || host === pattern.slice(1) : host === pattern;
}

/** The archive whose astroquery module handles this http(s) URL, or undefined. */
export function archiveForUrl(url: string | null): DelegatedArchive | undefined {
  if (!url) return undefined;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return DELEGATED_ARCHIVES.find((a) => a.hosts.some((p) => hostMatches(host, p)));
}

export function archiveById(id: ArchiveId): DelegatedArchive {
  return DELEGATED_ARCHIVES.find((a) => a.id === id)!;
}

/** `0.4.6` → [0, 4, 6]; compares release numbers only (`0.4.12.dev3` counts as 0.4.12). */
export function versionTuple(v: string): number[] {
  return (v.match(/\d+/g) ?? []).slice(0, 3).map(Number);
}

export function versionAtLeast(have: string, need: string): boolean {
  const a = versionTuple(have);
  const b = versionTuple(need);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}
