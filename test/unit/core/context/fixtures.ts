// I/O: builds fake machine trees (DMI, hypervisor, SageMaker, platform folders) in temp folders for context tests.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TreeSpec {
  readonly files?: Readonly<Record<string, string>>;
  readonly dirs?: readonly string[];
}

const DMI = '/sys/class/dmi/id';

/** Real DMI values as these machines show them (trailing newline included, as sysfs writes it). */
export const TREES: Readonly<Record<string, TreeSpec>> = {
  ec2Nitro: {
    files: {
      [`${DMI}/sys_vendor`]: 'Amazon EC2\n',
      [`${DMI}/board_vendor`]: 'Amazon EC2\n',
      [`${DMI}/bios_vendor`]: 'Amazon EC2\n',
      [`${DMI}/product_name`]: 'm5.large\n',
      [`${DMI}/board_asset_tag`]: 'i-0abcdef1234567890\n',
      [`${DMI}/chassis_asset_tag`]: 'Amazon EC2\n',
    },
  },
  ec2Xen: {
    files: {
      [`${DMI}/sys_vendor`]: 'Xen\n',
      [`${DMI}/bios_vendor`]: 'Xen\n',
      [`${DMI}/bios_version`]: '4.11.amazon\n',
      [`${DMI}/product_name`]: 'HVM domU\n',
      '/sys/hypervisor/uuid': 'ec2e1916-9099-7caf-fd21-012345abcdef\n',
    },
  },
  gcp: {
    files: {
      [`${DMI}/sys_vendor`]: 'Google\n',
      [`${DMI}/product_name`]: 'Google Compute Engine\n',
      [`${DMI}/bios_vendor`]: 'Google\n',
    },
  },
  azure: {
    files: {
      [`${DMI}/sys_vendor`]: 'Microsoft Corporation\n',
      [`${DMI}/product_name`]: 'Virtual Machine\n',
      [`${DMI}/chassis_asset_tag`]: '7783-7084-3265-9085-8269-3286-77\n',
    },
  },
  hyperVDesktop: {
    files: {
      [`${DMI}/sys_vendor`]: 'Microsoft Corporation\n',
      [`${DMI}/product_name`]: 'Virtual Machine\n',
      [`${DMI}/chassis_asset_tag`]: '1234-5678\n',
    },
  },
  oracle: {
    files: { [`${DMI}/sys_vendor`]: 'QEMU\n', [`${DMI}/chassis_asset_tag`]: 'OracleCloud.com\n' },
  },
  sagemaker: {
    files: {
      [`${DMI}/sys_vendor`]: 'Amazon EC2\n',
      [`${DMI}/product_name`]: 't3.medium\n',
      '/opt/ml/metadata/resource-metadata.json': JSON.stringify({
        ResourceArn: 'arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/my-nb',
        ResourceName: 'my-nb',
      }),
    },
  },
  sciserver: {
    files: { [`${DMI}/sys_vendor`]: 'Dell Inc.\n', [`${DMI}/product_name`]: 'PowerEdge R740xd\n' },
    dirs: ['/FTP', '/home/idies/workspace'],
  },
  fornax: {
    files: { [`${DMI}/sys_vendor`]: 'Amazon EC2\n', [`${DMI}/product_name`]: 'r5.xlarge\n' },
    dirs: ['/archive-data/nasa-heasarc'],
  },
  laptop: {
    files: {
      [`${DMI}/sys_vendor`]: 'LENOVO\n',
      [`${DMI}/product_name`]: '20XW0026US\n',
      [`${DMI}/bios_vendor`]: 'LENOVO\n',
    },
  },
  empty: {},
};

export interface Tree {
  readonly root: string;
  cleanup(): Promise<void>;
}

export async function makeTree(spec: TreeSpec): Promise<Tree> {
  const root = await mkdtemp(join(tmpdir(), 'cdr-context-'));
  for (const [p, text] of Object.entries(spec.files ?? {})) {
    await mkdir(dirname(join(root, p)), { recursive: true });
    await writeFile(join(root, p), text);
  }
  for (const d of spec.dirs ?? []) await mkdir(join(root, d), { recursive: true });
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}
