// I/O: `npx tsx scripts/demo/run-demo.ts [--imds ec2-us-east-1|ec2-us-west-2|off] [--mast-token T]`: starts the
// demo's local stand-ins (S3, MAST, instance metadata, HEASARC mirror, Earthdata Login, two DAACs, CMR), prints the
// env block and example `cdr` commands, and keeps them up until Ctrl-C. Nothing leaves 127.0.0.1.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoServers, type DemoImds } from './demoServers';

const USAGE = 'usage: npx tsx scripts/demo/run-demo.ts [--imds ec2-us-east-1|ec2-us-west-2|off] [--mast-token TOKEN]';
const IMDS: readonly DemoImds[] = ['ec2-us-east-1', 'ec2-us-west-2', 'off'];

/** POSIX single-quoting, so JSON values (CDR_MIRRORS) survive copy-paste into a shell. */
function shq(v: string): string {
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      imds: { type: 'string', default: 'ec2-us-east-1' },
      'mast-token': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (!IMDS.includes(values.imds as DemoImds)) {
    console.error(`--imds must be ec2-us-east-1, ec2-us-west-2 or off: ${values.imds}\n${USAGE}`);
    process.exit(2);
  }
  const dir = await mkdtemp(join(tmpdir(), 'cdr-demo-'));
  const demo = await startDemoServers({ dir, imds: values.imds as DemoImds, mastToken: values['mast-token'] });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await demo.close();
    await rm(dir, { recursive: true, force: true });
    console.log('\n[demo] servers stopped, temporary files removed');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const cli = resolve(__dirname, '../../dist/cli.js');
  const find = (pred: (f: (typeof demo.files)[number]) => boolean) => demo.files.find(pred);
  const hst = find((f) => f.key.endsWith('u9o40504m_c3m.fits'));
  const drc = find((f) => f.key.endsWith('jbgu01010_drc.fits'));
  const excl = find((f) => f.exclusive);
  const heasarc = find((f) => f.bucket === 'nasa-heasarc');
  const landsat = find((f) => f.bucket === 'usgs-landsat');
  const ed = demo.earthdata;
  const west = ed.granules.find((g) => g.region === 'us-west-2');
  const east = ed.granules.find((g) => g.region === 'us-east-1');

  const line = (s = '') => console.log(s);
  const machine =
    values.imds === 'off'
      ? 'a laptop: no instance metadata'
      : `an EC2 instance in ${values.imds?.slice(4)} with an instance role`;
  line(`Cloud Data Router — demo servers (${machine})`);
  line(`  S3 (s3rver)       ${demo.urls.s3}   buckets stpubdata, nasa-heasarc, usgs-landsat`);
  line(`  MAST              ${demo.urls.mast}   path_lookup + Download/file`);
  line(`  HEASARC mirror    ${demo.urls.heasarc}`);
  line(`  instance metadata ${demo.urls.imds ?? 'off (AWS_EC2_METADATA_DISABLED=true)'}`);
  line(`  Earthdata Login   ${demo.urls.earthdataLogin}   user ${ed.user}, password ${ed.password}`);
  line(`  CMR               ${demo.urls.cmr}`);
  for (const d of ed.daacTable) line(`  ${d.name.padEnd(38)} ${d.origins[0]}   bucket ${d.buckets[0]}`);
  line(
    '  All data is synthetic. s3rver ignores RequestPayer and signatures: requester-pays is a catalog fact here, not billed.',
  );
  line();
  line('# Paste into a shell (bash/zsh) to point cdr at the demo:');
  for (const [k, v] of Object.entries({ ...demo.env, ...ed.env })) line(`export ${k}=${shq(v)}`);
  line(`export EARTHDATA_USERNAME=${ed.user} EARTHDATA_PASSWORD=${ed.password}   # or EARTHDATA_TOKEN=<token below>`);
  line(`# Earthdata token (60 days): ${ed.token}`);
  line(`alias cdr=${shq(`node ${cli}`)}   # after: node esbuild.config.mjs`);
  line();
  line('# Try:');
  line('cdr context');
  line('cdr credentials');
  if (hst && drc && excl) line(`cdr route ${hst.s3Uri} ${drc.mastUri} ${excl.mastUri}`);
  if (drc) line(`cdr route --explain ${drc.mastUri}`);
  if (heasarc) line(`cdr route ${heasarc.s3Uri} ${shq(heasarc.mirrorUrl ?? '')}`);
  if (landsat) line(`cdr route ${landsat.s3Uri} --allow-cross-region   # requester pays, us-west-2`);
  if (hst) line(`cdr get ${hst.s3Uri} -o demo-downloads`);
  if (drc?.mastDownloadUrl) line(`cdr get ${shq(drc.mastDownloadUrl)} --via http -o demo-downloads`);
  if (excl?.mastDownloadUrl)
    line(
      `curl -sS -o /dev/null -w '%{http_code}\\n' -H ${shq(`Authorization: token ${demo.mastToken}`)} ${shq(excl.mastDownloadUrl)}   # exclusive access: 401 without the token`,
    );
  if (west && east) {
    line(`cdr search --short-name ${west.shortName} --version ${west.version}`);
    line(`cdr route --explain ${shq(west.httpsUrl)}   # data in us-west-2: S3 only from us-west-2, else HTTPS + login`);
    line(`cdr route --explain ${east.s3Uri}   # data in us-east-1: S3 with the DAAC's temporary keys from us-east-1`);
    line(`cdr get ${shq(west.httpsUrl)} ${east.s3Uri} -o demo-downloads`);
    line(`cdr get ${shq(`earthdata:granules?short_name=${west.shortName}&version=${west.version}`)} --dry-run`);
  }
  line();
  line('Press Ctrl-C to stop.');
}

main().catch((e: unknown) => {
  console.error(`[demo] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
