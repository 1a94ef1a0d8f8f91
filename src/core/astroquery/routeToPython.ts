// Pure: each route as the Python that fetches the same file the same way — boto3 for S3, astroquery for MAST and
// the archives astroquery logs in to, requests elsewhere. Secrets are read from the environment, never written.
import type { Location } from '../catalog/types';
import { isProfileMethod } from '../credentials/method';
import { archivePathFor } from '../routing/downloadItemFor';
import type { Route, RouteIdentity } from '../routing/types';
import { archiveForUrl, type DelegatedArchive } from './archives';

export interface PythonOptions {
  /** `notebook`: straight-line code for a cell. `delegate`: a script for `cdr get --via astroquery` that writes a manifest. */
  readonly mode: 'notebook' | 'delegate';
  /** The folder files land in (a Python expression is built from it); default the current folder. */
  readonly downloadDir?: string;
  /** delegate: where the script writes its JSON manifest. */
  readonly manifestPath?: string;
}

export interface PythonRequest {
  readonly route: Route;
  readonly location: Location;
}

/** One file's code; `result` is a Python expression for the local path once `lines` ran. */
interface Block {
  readonly title: string;
  readonly imports: readonly string[];
  readonly helpers: readonly string[];
  readonly lines: readonly string[];
  readonly result: string;
}

/** A Python string literal (JSON's escapes are all valid Python escapes). */
export function py(s: string): string {
  return JSON.stringify(s);
}

const INSTALL_HINT = 'python3 -m pip install -U astroquery (on Debian/Ubuntu: sudo apt install python3-astroquery)';

/** Path segments that cannot climb out of the download folder. */
function safeParts(parts: readonly string[]): string[] {
  return parts.filter((p) => p !== '' && p !== '.' && p !== '..').map((p) => p.replace(/[\\]/g, '_'));
}

function joinExpr(parts: readonly string[]): string {
  return `os.path.join(download_dir, ${safeParts(parts).map(py).join(', ')})`;
}

function urlParts(url: string): string[] {
  const u = new URL(url);
  return [u.host, ...u.pathname.split('/').map((s) => decodeURIComponent(s))];
}

const VERSION_HELPER = [
  'def _astroquery_version():',
  '    import astroquery',
  "    return tuple(int(p) for p in re.findall(r'\\d+', astroquery.__version__)[:3])",
];

function importGuard(module: string, names: string, archive: string, minVersion: string): string[] {
  return [
    'try:',
    `    from ${module} import ${names}`,
    'except ImportError as e:',
    `    raise SystemExit(f"${archive} needs astroquery ${minVersion} or newer with ${module} ({e}): ${INSTALL_HINT}")`,
  ];
}

function s3Block(route: Route, location: Location, identity: RouteIdentity): Block {
  const bucket = location.bucket!;
  const key = location.key!;
  const anonymous = !identity.hasCredentials;
  const profile = isProfileMethod(identity.source) && identity.profile ? identity.profile : null;
  const session = [
    profile ? `profile_name=${py(profile)}` : '',
    `region_name=${py(location.region ?? 'us-east-1')}`,
  ].filter(Boolean);
  const lines = [
    profile ? `# The profile that won when this route was made (like AWS_PROFILE).` : '',
    anonymous
      ? `s3 = boto3.Session(${session.join(', ')}).client("s3", config=Config(signature_version=UNSIGNED))  # anonymous`
      : `s3 = boto3.Session(${session.join(', ')}).client("s3")`,
    `local_path = ${joinExpr([bucket, ...key.split('/')])}`,
    'os.makedirs(os.path.dirname(local_path), exist_ok=True)',
    route.requesterPays
      ? `s3.download_file(${py(bucket)}, ${py(key)}, local_path, ExtraArgs={"RequestPayer": "requester"})  # your account pays`
      : `s3.download_file(${py(bucket)}, ${py(key)}, local_path)`,
  ].filter(Boolean);
  return {
    title: `${route.uri} — S3 (${route.leaf}${route.requesterPays ? ', requester pays' : ''})`,
    imports: [
      'import os',
      'import boto3',
      ...(anonymous ? ['from botocore import UNSIGNED', 'from botocore.config import Config'] : []),
    ],
    helpers: [],
    lines,
    result: 'local_path',
  };
}

/** The Download/file endpoint of the route's HTTP URL when it is not MAST's own (a mirror or a stand-in). */
function mastDownloadBase(httpUrl: string | null): string | null {
  if (!httpUrl) return null;
  const u = new URL(httpUrl);
  if (u.host.toLowerCase() === 'mast.stsci.edu') return null;
  return `${u.origin}${u.pathname}`;
}

function mastBlock(route: Route, location: Location, identity: RouteIdentity): Block {
  const uri = location.archiveUri!;
  const parts = archivePathFor(location) ?? ['mastDownload', uri.split('/').pop()!];
  const cloud = route.via === 's3';
  const base = mastDownloadBase(route.httpUrl);
  const profile = isProfileMethod(identity.source) && identity.profile ? identity.profile : null;
  const lines = [
    ...importGuard('astroquery.mast', 'Observations', 'MAST', '0.4.6'),
    '# A token only for exclusive-access files; public ones need none.',
    'if os.environ.get("MAST_API_TOKEN"):',
    '    Observations.login(token=os.environ["MAST_API_TOKEN"])',
    ...(cloud
      ? [
          `# The route says S3 (${route.leaf}): astroquery reads the cloud copy, falling back to HTTPS.`,
          `Observations.enable_cloud_dataset(provider="AWS"${profile ? `, profile=${py(profile)}` : ''})`,
        ]
      : []),
    `local_path = ${joinExpr(parts)}`,
    'os.makedirs(os.path.dirname(local_path), exist_ok=True)',
    `uri = ${py(uri)}`,
    '# astroquery before 0.4.7 puts the URI into the download URL unescaped; later ones escape it themselves.',
    'if _astroquery_version() < (0, 4, 7):',
    '    uri = quote(uri, safe=":/")',
    ...(base
      ? [
          "# The MAST Download API this route names (a mirror or CDR_MAST_URL), not astroquery's default; a token login",
          "# asks astroquery's own [mast] server (astroquery.cfg) who you are, so point that at the mirror too.",
        ]
      : []),
    `status, msg, url = Observations.download_file(uri, local_path=local_path${base ? `, base_url=${py(base)}` : ''})`,
    'if status != "COMPLETE":',
    '    raise RuntimeError(f"MAST download {status}: {msg} ({url})")',
  ];
  return {
    title: `${route.uri} — ${cloud ? 'S3' : 'HTTPS'} through astroquery.mast (${route.leaf})`,
    imports: ['import os', 'import re', 'from urllib.parse import quote'],
    helpers: VERSION_HELPER,
    lines,
    result: 'local_path',
  };
}

function requestsBlock(route: Route): Block {
  const url = route.httpUrl!;
  const host = new URL(url).host.toLowerCase();
  const lines = [
    '# A bearer token for this host from CDR_BEARER_TOKENS (host=token,…), as cdr reads it; none is fine for public files.',
    'tokens = dict(e.strip().split("=", 1) for e in os.environ.get("CDR_BEARER_TOKENS", "").split(",") if "=" in e)',
    `headers = {"Authorization": "Bearer " + tokens[${py(host)}]} if ${py(host)} in tokens else {}`,
    `local_path = ${joinExpr(urlParts(url))}`,
    'os.makedirs(os.path.dirname(local_path), exist_ok=True)',
    `with requests.get(${py(url)}, headers=headers, stream=True, timeout=60) as r:`,
    '    r.raise_for_status()',
    '    with open(local_path + ".part", "wb") as f:',
    '        for chunk in r.iter_content(1 << 20):',
    '            f.write(chunk)',
    'os.replace(local_path + ".part", local_path)',
  ];
  return {
    title: `${route.uri} — HTTPS (${route.leaf})`,
    imports: ['import os', 'import requests'],
    helpers: [],
    lines,
    result: 'local_path',
  };
}

/** The user-name line for keyring logins: the variable, else (on a terminal or in a notebook) a question. */
function keyringLogin(a: DelegatedArchive, call: (user: string) => string, mode: PythonOptions['mode']): string[] {
  return [
    `user = os.environ.get(${py(a.variable!)}) or input(${py(`${a.name} user name: `)})`,
    ...(mode === 'delegate' ? [`_login_without_prompt(${py(a.keyringService!)}, user, ${py(a.variable!)})`] : []),
    `# The password comes from the keyring (${a.keyringService}), else astroquery asks for it.`,
    call('user'),
  ];
}

const NO_PROMPT_HELPER = [
  'def _login_without_prompt(service, user, variable):',
  '    # Without a terminal, astroquery would wait on getpass for ever: check the keyring first.',
  '    if sys.stdin is not None and sys.stdin.isatty():',
  '        return',
  '    try:',
  '        import keyring',
  '        found = keyring.get_password(service, user) is not None',
  '    except Exception:',
  '        found = False',
  '    if not found:',
  '        raise SystemExit(f"No password for {user} in the keyring ({service}) and no terminal to ask on: "',
  '                         f"store it once with: python3 -m keyring set {service} {user}")',
];

function param(url: URL, ...names: string[]): string | null {
  for (const [k, v] of url.searchParams) if (names.some((n) => n.toLowerCase() === k.toLowerCase())) return v;
  return null;
}

/** The astroquery code for a URL on an archive astroquery logs in to; a string when it cannot take this URL. */
function archiveBlock(route: Route, a: DelegatedArchive, mode: PythonOptions['mode']): Block | string {
  const url = new URL(route.httpUrl!);
  const title = `${route.uri} — HTTPS through ${a.module} (${route.leaf}; ${a.name}'s login is astroquery's)`;
  const imports = ['import os', 'import re', 'import sys'];
  const helpers = [...VERSION_HELPER, ...(mode === 'delegate' && a.login === 'keyring' ? NO_PROMPT_HELPER : [])];
  const credFile = (call: (arg: string) => string) => [
    `if os.environ.get(${py(a.variable!)}):  # two lines: user, then password`,
    `    ${call(`os.environ[${py(a.variable!)}]`)}`,
  ];
  switch (a.id) {
    case 'eso': {
      const m = /\/dataPortal\/file\/([^/]+)$/.exec(url.pathname);
      if (!m)
        return `astroquery.eso retrieves ESO files by dataset id (https://dataportal.eso.org/dataPortal/file/<id>): ${route.uri}`;
      const id = decodeURIComponent(m[1]!);
      return {
        title,
        imports,
        helpers,
        lines: [
          ...importGuard('astroquery.eso', 'Eso', 'ESO', a.minVersion),
          ...keyringLogin(a, (u) => `Eso.login(username=${u})`, mode),
          'os.makedirs(download_dir, exist_ok=True)',
          `files = Eso.retrieve_data([${py(id)}], destination=download_dir)`,
          'local_path = files[0] if isinstance(files, list) else files',
        ],
        result: 'local_path',
      };
    }
    case 'alma':
      return {
        title,
        imports,
        helpers,
        lines: [
          ...importGuard('astroquery.alma', 'Alma', 'ALMA', a.minVersion),
          ...keyringLogin(a, (u) => `Alma.login(username=${u})`, mode),
          'os.makedirs(download_dir, exist_ok=True)',
          `files = Alma.download_files([${py(url.href)}], savedir=download_dir)`,
          'local_path = files[0]',
        ],
        result: 'local_path',
      };
    case 'gaia': {
      const id = param(url, 'ID');
      if (!id) return `astroquery.gaia loads Gaia data by source id (…/data-server/data?…&ID=<id>): ${route.uri}`;
      const release = param(url, 'RELEASE');
      const type = param(url, 'RETRIEVAL_TYPE') ?? 'ALL';
      return {
        title,
        imports: [...imports, 'import inspect'],
        helpers,
        lines: [
          ...importGuard('astroquery.gaia', 'Gaia', 'Gaia', a.minVersion),
          ...credFile((f) => `Gaia.login(credentials_file=${f})`),
          `local_path = os.path.join(download_dir, ${py(`gaia_${id}_${type}.zip`)})`,
          'os.makedirs(download_dir, exist_ok=True)',
          `kw = dict(ids=[${py(id)}], retrieval_type=${py(type)}, output_file=local_path${release ? `, data_release=${py(release)}` : ''})`,
          '# 0.4.11 keeps the file only with dump_to_file=True; 0.4.6 has no such argument and always writes it.',
          'if "dump_to_file" in inspect.signature(Gaia.load_data).parameters:',
          '    kw["dump_to_file"] = True',
          'Gaia.load_data(**kw)',
        ],
        result: 'local_path',
      };
    }
    case 'esa-hubble': {
      const obs = param(url, 'OBSERVATION_ID', 'OBSERVATIONID');
      if (!obs)
        return `astroquery.esa.hubble downloads by observation id (…/data-action?OBSERVATION_ID=<id>): ${route.uri}`;
      return {
        title,
        imports,
        helpers,
        lines: [
          ...importGuard('astroquery.esa.hubble', 'ESAHubble', 'ESA Hubble', a.minVersion),
          `local_path = os.path.join(download_dir, ${py(`${obs}.tar`)})`,
          'os.makedirs(download_dir, exist_ok=True)',
          `ESAHubble.download_product(${py(obs)}, filename=local_path)`,
        ],
        result: 'local_path',
      };
    }
    case 'esa-jwst': {
      const artifact = param(url, 'ARTIFACTID', 'ARTIFACT_ID');
      const file = param(url, 'file_name', 'FILE_NAME');
      if (!artifact && !file)
        return `astroquery.esa.jwst fetches products by ARTIFACTID or file_name (…/server/data?ARTIFACTID=<id>): ${route.uri}`;
      return {
        title,
        imports,
        helpers,
        lines: [
          ...importGuard('astroquery.esa.jwst', 'Jwst', 'ESA JWST', a.minVersion),
          ...credFile((f) => `Jwst.login(credentials_file=${f})`),
          '# get_product saves into the current folder and returns the file name.',
          'os.makedirs(download_dir, exist_ok=True)',
          'here = os.getcwd()',
          'os.chdir(download_dir)',
          'try:',
          `    local_path = os.path.abspath(Jwst.get_product(${artifact ? `artifact_id=${py(artifact)}` : `file_name=${py(file!)}`}))`,
          'finally:',
          '    os.chdir(here)',
        ],
        result: 'local_path',
      };
    }
    case 'esa-euclid': {
      const file = param(url, 'file_name', 'FILE_NAME');
      if (!file) return `astroquery.esa.euclid fetches products by file_name (…?file_name=<name>): ${route.uri}`;
      return {
        title,
        imports,
        helpers,
        lines: [
          ...importGuard('astroquery.esa.euclid', 'Euclid', 'ESA Euclid', a.minVersion),
          ...credFile((f) => `Euclid.login(credentials_file=${f})`),
          `local_path = os.path.join(download_dir, ${py(file.split('/').pop()!)})`,
          'os.makedirs(download_dir, exist_ok=True)',
          `Euclid.get_product(file_name=${py(file)}, output_file=local_path)`,
        ],
        result: 'local_path',
      };
    }
    case 'esa-xmm': {
      const obs = param(url, 'obsno', 'OBSERVATION_ID');
      if (!obs) return `astroquery.esa.xmm_newton downloads by observation number (…?obsno=<id>): ${route.uri}`;
      return {
        title,
        imports,
        helpers,
        lines: [
          ...importGuard('astroquery.esa.xmm_newton', 'XMMNewton', 'XMM-Newton', a.minVersion),
          `local_path = os.path.join(download_dir, ${py(obs)})`,
          'os.makedirs(download_dir, exist_ok=True)',
          `creds = os.environ.get(${py(a.variable!)})  # proprietary data: an astroquery.cfg-style file with [xmm_newton] username/password`,
          `XMMNewton.download_data(${py(obs)}, filename=local_path, **({"prop": True, "credentials_file": creds} if creds else {}))`,
          'local_path = next((local_path + e for e in ("", ".tar", ".FTZ", ".tar.gz") if os.path.exists(local_path + e)), local_path)',
        ],
        result: 'local_path',
      };
    }
    case 'cadc':
      return {
        title,
        imports: [...imports, 'import requests'],
        helpers,
        lines: [
          ...importGuard('astroquery.cadc', 'Cadc', 'CADC', a.minVersion),
          `cert = os.environ.get(${py(a.variable!)})  # a CADC proxy certificate (cadc-get-cert); public files need none`,
          'if cert:',
          '    Cadc().login(certificate_file=cert)  # checks the certificate the way astroquery uses it',
          `local_path = ${joinExpr(urlParts(url.href))}`,
          'os.makedirs(os.path.dirname(local_path), exist_ok=True)',
          `with requests.get(${py(url.href)}, cert=cert, stream=True, timeout=60) as r:`,
          '    r.raise_for_status()',
          '    with open(local_path + ".part", "wb") as f:',
          '        for chunk in r.iter_content(1 << 20):',
          '            f.write(chunk)',
          'os.replace(local_path + ".part", local_path)',
        ],
        result: 'local_path',
      };
    case 'mast':
      // A MAST URL that is not a Download/file link (a portal page): astroquery has no call for it.
      return `astroquery.mast downloads mast: URIs and Download/file URLs only: ${route.uri}`;
  }
}

/** Which way the generated code goes for this route; the string says why none fits. */
function blockFor(req: PythonRequest, identity: RouteIdentity, mode: PythonOptions['mode']): Block | string {
  const { route, location } = req;
  if (route.error) return route.error;
  if (location.kind === 'mast' && location.archiveUri) return mastBlock(route, location, identity);
  if (route.via === 's3' && location.bucket && location.key) return s3Block(route, location, identity);
  if (!route.httpUrl) return `no way to fetch ${route.uri}`;
  const archive = archiveForUrl(route.httpUrl);
  if (archive && archive.id !== 'mast') return archiveBlock(route, archive, mode);
  if (archive?.id === 'mast' && location.archiveUri) return mastBlock(route, location, identity);
  return requestsBlock(route);
}

const MANIFEST_HELPER = [
  '_manifest = []',
  '',
  'def _record(uri, fetch):',
  '    try:',
  '        path = fetch()',
  '        ok = bool(path) and os.path.isfile(path)',
  '        _manifest.append({"uri": uri, "status": "COMPLETE" if ok else "ERROR",',
  '                          "path": os.path.abspath(path) if ok else None,',
  '                          "bytes": os.path.getsize(path) if ok else None,',
  '                          "error": None if ok else "astroquery reported no file"})',
  '    except Exception as e:  # one file failing does not stop the others',
  '        _manifest.append({"uri": uri, "status": "ERROR", "path": None, "bytes": None,',
  '                          "error": f"{type(e).__name__}: {e}"})',
];

function indent(lines: readonly string[], by = '    '): string[] {
  return lines.map((l) => (l === '' ? l : `${by}${l}`));
}

export interface PythonScript {
  readonly code: string;
  /** Routes that no generated code can fetch, with the reason (they appear as comments too). */
  readonly skipped: readonly { readonly uri: string; readonly reason: string }[];
}

/** One script (or notebook cell) for all the routes, imports first, one commented block per file. */
export function routesToPython(
  requests: readonly PythonRequest[],
  identity: RouteIdentity,
  opts: PythonOptions,
): PythonScript {
  const imports = new Set<string>();
  const helpers: (readonly string[])[] = [];
  const body: string[] = [];
  const skipped: { uri: string; reason: string }[] = [];
  const delegate = opts.mode === 'delegate';
  if (delegate) ['import json', 'import os', 'import sys'].forEach((i) => imports.add(i));
  requests.forEach((req, i) => {
    const b = blockFor(req, identity, opts.mode);
    if (typeof b === 'string') {
      skipped.push({ uri: req.route.uri, reason: b });
      body.push('', `# ${req.route.uri}: not generated — ${b.replace(/\s+/g, ' ')}`);
      return;
    }
    b.imports.forEach((x) => imports.add(x));
    for (const h of [b.helpers]) if (h.length && !helpers.some((x) => x.join('\n') === h.join('\n'))) helpers.push(h);
    body.push('', `# ${b.title}`);
    if (delegate) {
      body.push(`def _get_${i + 1}():`, ...indent(b.lines), `    return ${b.result}`);
      body.push(`_record(${py(req.route.uri)}, _get_${i + 1})`);
    } else {
      body.push(...b.lines, `print("saved", ${b.result})`);
    }
  });
  const sortedImports = [...imports].sort((a, b) => {
    const rank = (s: string) => (s.startsWith('from ') ? 1 : 0);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  // Helpers split on blank lines of their own; keep each helper intact and distinct.
  const helperLines = dedupeHelpers(helpers).flatMap((h) => ['', ...h]);
  const dir = opts.downloadDir ?? '.';
  const head = [
    '# Generated by Cloud Data Router from the route it explains; credentials come from the environment.',
    ...sortedImports,
    ...helperLines,
    ...(delegate ? ['', ...MANIFEST_HELPER] : []),
    '',
    `download_dir = ${py(dir)}`,
  ];
  if (!delegate) return { code: `${[...head, ...body].join('\n')}\n`, skipped };
  // The manifest is written whatever happens, with the reason when the script stopped early (a refused login).
  const main = [
    '',
    'def _main():',
    ...indent(body.filter((l, i) => !(i === 0 && l === ''))),
    '',
    '_stopped = None',
    'try:',
    '    _main()',
    'except SystemExit as e:',
    '    _stopped = str(e.code) if e.code not in (None, 0) else None',
    'except KeyboardInterrupt:',
    '    _stopped = "cancelled"',
    'finally:',
    `    with open(${py(opts.manifestPath ?? 'cdr-astroquery-manifest.json')}, "w") as f:`,
    '        json.dump({"files": _manifest, "stopped": _stopped}, f, indent=1)',
    'if _stopped:',
    '    sys.exit(_stopped)',
    'sys.exit(0 if _manifest and all(m["status"] == "COMPLETE" for m in _manifest) else 1)',
  ];
  return { code: `${[...head, ...main].join('\n')}\n`, skipped };
}

/** The version helper and the keyring helper may each be asked for by several blocks. */
function dedupeHelpers(helpers: readonly (readonly string[])[]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const h of helpers) {
    // A block's helpers are one or more `def`s; split them so a shared one appears once.
    const defs: string[][] = [];
    for (const line of h) {
      if (line.startsWith('def ') || defs.length === 0) defs.push([]);
      defs[defs.length - 1]!.push(line);
    }
    for (const d of defs) {
      const k = d.join('\n');
      if (!seen.has(k)) {
        seen.add(k);
        out.push(d);
      }
    }
  }
  return out;
}
