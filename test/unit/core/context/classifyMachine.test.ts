import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { classifyMachine } from '../../../../src/core/context/classifyMachine';
import { readMarkers } from '../../../../src/core/context/readMarkers';
import { makeTree, TREES, type TreeSpec } from './fixtures';

async function classify(spec: TreeSpec) {
  const tree = await makeTree(spec);
  try {
    return classifyMachine(await readMarkers({ root: tree.root }));
  } finally {
    await tree.cleanup();
  }
}

describe('classifyMachine (real files under a temp root)', () => {
  it('EC2 Nitro: DMI vendor, instance type from product_name, instance id from board_asset_tag', async () => {
    const v = await classify(TREES.ec2Nitro);
    assert.equal(v.kind, 'aws-ec2');
    assert.equal(v.instanceType, 'm5.large');
    assert.equal(v.instanceId, 'i-0abcdef1234567890');
    assert.ok(
      v.evidence.some(
        (e) => e.signal === 'file:/sys/class/dmi/id/sys_vendor' && e.said === 'Amazon EC2' && e.weight === 'strong',
      ),
    );
  });

  it('EC2 Xen: /sys/hypervisor/uuid starting with ec2, no instance type from "HVM domU"', async () => {
    const v = await classify(TREES.ec2Xen);
    assert.equal(v.kind, 'aws-ec2');
    assert.equal(v.instanceType, null);
    assert.ok(v.evidence.some((e) => e.signal === 'file:/sys/hypervisor/uuid'));
  });

  it('a Xen guest whose uuid does not start with ec2 is only a VM', async () => {
    const v = await classify({
      files: {
        '/sys/class/dmi/id/sys_vendor': 'Xen\n',
        '/sys/hypervisor/uuid': '4f2a0000-0000-0000-0000-000000000000\n',
      },
    });
    assert.equal(v.kind, 'virtual');
  });

  it('Google Compute Engine', async () => {
    assert.equal((await classify(TREES.gcp)).kind, 'gcp');
  });

  it('Azure by its fixed chassis asset tag; the same vendor without it is a Hyper-V VM', async () => {
    assert.equal((await classify(TREES.azure)).kind, 'azure');
    const hv = await classify(TREES.hyperVDesktop);
    assert.equal(hv.kind, 'virtual');
    assert.equal(hv.evidence[0].weight, 'hint');
  });

  it('another cloud (Oracle) is "in a cloud" with its name', async () => {
    const v = await classify(TREES.oracle);
    assert.equal(v.kind, 'other-cloud');
    assert.equal(v.label, 'Oracle Cloud');
  });

  it('a laptop vendor is positive evidence of "not a cloud"', async () => {
    const v = await classify(TREES.laptop);
    assert.equal(v.kind, 'physical');
    assert.match(v.evidence[0].said, /LENOVO.*not a cloud vendor/);
  });

  it('no DMI at all is unknown, not "off cloud"', async () => {
    const v = await classify(TREES.empty);
    assert.equal(v.kind, 'unknown');
    assert.match(v.evidence[0].said, /absent/);
  });

  it('an unreadable DMI file is reported with its error, not treated as absent', async () => {
    const tree = await makeTree({});
    try {
      // A directory where a file should be: readFile fails with EISDIR even for root.
      await mkdir(join(tree.root, '/sys/class/dmi/id/sys_vendor'), { recursive: true });
      const v = classifyMachine(await readMarkers({ root: tree.root }));
      assert.equal(v.kind, 'unknown');
      assert.match(v.evidence[0].said, /not readable: EISDIR/);
    } finally {
      await tree.cleanup();
    }
  });
});
