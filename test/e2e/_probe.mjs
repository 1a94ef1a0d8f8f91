import { tsImport } from 'tsx/esm/api';
import { spawnSync } from 'node:child_process';
const { startDemoServers } = await tsImport('/work/main/scripts/demo/demoServers.ts', import.meta.url);
const demo = await startDemoServers({ dir: '/tmp/cdrx/d', imds: 'ec2-us-east-1' });
console.log(demo.urls, demo.files.map(f=>[f.s3Uri,f.mastUri,f.size]));
const env = { ...process.env, ...demo.env, MAST_API_TOKEN: demo.mastToken, NODE_OPTIONS: '--require /work/main/test/support/network-guard.cjs' };
for (const a of [['route','s3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits','mast:HST/product/odx501010_x1d.fits', 'https://heasarc.gsfc.nasa.gov/FTP/chandra/data/byobsid/2/3052/primary/acisf03052N004_cntr_img2.fits', demo.files.find(f=>f.mirrorUrl).mirrorUrl], ['get','s3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits','mast:HST/product/odx501010_x1d.fits','-o','/tmp/cdrx/out','--json']]) {
  const r = spawnSync('node', ['dist/cli.js', ...a], { env, encoding: 'utf8' });
  console.log(r.status, r.stdout, r.stderr);
}
await demo.close();
