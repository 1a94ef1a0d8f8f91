// Pure: what the DMI and hypervisor markers say about the machine: EC2, another cloud, a VM, hardware, or unknown.
import type { Evidence } from './types';
import { dataMessage } from '../messages';
import { contextMessage as cm, evidence as evidenceOf } from './contextMessages';
import { DMI_DIR, HYPERVISOR_UUID, type DmiField, type MarkerRead, type Markers } from './readMarkers';

export type MachineKind = 'aws-ec2' | 'gcp' | 'azure' | 'other-cloud' | 'virtual' | 'physical' | 'unknown';

export interface MachineVerdict {
  readonly kind: MachineKind;
  /** Human name of the cloud or hypervisor, e.g. `Oracle Cloud`, `QEMU`. */
  readonly label: string | null;
  readonly instanceType: string | null;
  readonly instanceId: string | null;
  readonly evidence: readonly Evidence[];
}

/** Azure writes this fixed asset tag into every VM's chassis; a plain Hyper-V guest lacks it. */
export const AZURE_CHASSIS_ASSET_TAG = '7783-7084-3265-9085-8269-3286-77';

/** Clouds this tool does not route for, but whose presence still answers "in a cloud". */
const OTHER_CLOUDS: readonly { field: DmiField; test: RegExp; label: string }[] = [
  { field: 'chassis_asset_tag', test: /^OracleCloud\.com$/i, label: 'Oracle Cloud' },
  { field: 'sys_vendor', test: /^Alibaba Cloud/i, label: 'Alibaba Cloud' },
  { field: 'sys_vendor', test: /^DigitalOcean/i, label: 'DigitalOcean' },
  { field: 'sys_vendor', test: /^Hetzner/i, label: 'Hetzner Cloud' },
  { field: 'sys_vendor', test: /^Scaleway/i, label: 'Scaleway' },
];

/** Hypervisors that run both in clouds and on desks: they say "virtual machine", not where. */
const HYPERVISOR_VENDORS =
  /^(QEMU|Xen|VMware|innotek GmbH|Microsoft Corporation|Red Hat|Parallels|Bochs|BHYVE|Nutanix|OpenStack Foundation|oVirt|KVM|Apple Virtualization)/i;

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

function text(v: MarkerRead | undefined): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function file(field: DmiField): string {
  return `file:${DMI_DIR}/${field}`;
}

type DmiNote = 'amazon-xen' | 'instance-type' | 'instance-id' | 'google' | 'azure' | 'virtual' | 'physical';

/** A DMI field's value as it reads, with what it means to us when that needs saying. */
function dmiEvidence(dmi: Markers['dmi'], field: DmiField, weight: Evidence['weight'], note?: DmiNote): Evidence {
  const value = text(dmi[field]) ?? '';
  return evidenceOf(file(field), note ? cm(`context.dmi.${note}`, value) : dataMessage(value), weight);
}

function classifyAws(m: Markers): MachineVerdict | null {
  const evidence: Evidence[] = [];
  const vendorFields = (['sys_vendor', 'board_vendor', 'bios_vendor'] as const).filter((f) =>
    text(m.dmi[f])?.startsWith('Amazon EC2'),
  );
  for (const f of vendorFields) evidence.push(dmiEvidence(m.dmi, f, 'strong'));
  const uuid = text(m.hypervisorUuid);
  // Xen-era instances: the hypervisor UUID starts with "ec2" (AWS's documented check), and the BIOS version names Amazon.
  const xenUuid = uuid !== null && /^ec2/i.test(uuid);
  if (xenUuid)
    evidence.push(evidenceOf(`file:${HYPERVISOR_UUID}`, cm('context.dmi.xen-uuid', uuid.slice(0, 3)), 'strong'));
  const amazonBios = (['bios_version', 'product_version'] as const).filter((f) =>
    /\.amazon$/i.test(text(m.dmi[f]) ?? ''),
  );
  for (const f of amazonBios) evidence.push(dmiEvidence(m.dmi, f, 'strong', 'amazon-xen'));
  if (evidence.length === 0) return null;

  const product = text(m.dmi.product_name);
  const instanceType = product && INSTANCE_TYPE.test(product) ? product : null;
  if (instanceType) evidence.push(dmiEvidence(m.dmi, 'product_name', 'strong', 'instance-type'));
  const tag = text(m.dmi.board_asset_tag);
  const instanceId = tag && INSTANCE_ID.test(tag) ? tag : null;
  if (instanceId) evidence.push(dmiEvidence(m.dmi, 'board_asset_tag', 'strong', 'instance-id'));
  return { kind: 'aws-ec2', label: 'Amazon EC2', instanceType, instanceId, evidence };
}

function verdict(kind: MachineKind, label: string | null, evidence: Evidence[]): MachineVerdict {
  return { kind, label, instanceType: null, instanceId: null, evidence };
}

export function classifyMachine(m: Markers): MachineVerdict {
  const aws = classifyAws(m);
  if (aws) return aws;
  const vendor = text(m.dmi.sys_vendor);
  const product = text(m.dmi.product_name);
  const bios = text(m.dmi.bios_vendor);

  if (vendor === 'Google' || product === 'Google Compute Engine' || bios === 'Google') {
    const f: DmiField =
      product === 'Google Compute Engine' ? 'product_name' : vendor === 'Google' ? 'sys_vendor' : 'bios_vendor';
    return verdict('gcp', 'Google Compute Engine', [dmiEvidence(m.dmi, f, 'strong', 'google')]);
  }
  if (text(m.dmi.chassis_asset_tag) === AZURE_CHASSIS_ASSET_TAG) {
    return verdict('azure', 'Microsoft Azure', [
      ...(vendor ? [dmiEvidence(m.dmi, 'sys_vendor', 'none')] : []),
      dmiEvidence(m.dmi, 'chassis_asset_tag', 'strong', 'azure'),
    ]);
  }
  for (const c of OTHER_CLOUDS) {
    if (c.test.test(text(m.dmi[c.field]) ?? ''))
      return verdict('other-cloud', c.label, [
        evidenceOf(file(c.field), cm('context.dmi.other-cloud', text(m.dmi[c.field]) ?? '', c.label), 'strong'),
      ]);
  }
  if (vendor && HYPERVISOR_VENDORS.test(vendor)) {
    return verdict('virtual', vendor, [dmiEvidence(m.dmi, 'sys_vendor', 'hint', 'virtual')]);
  }
  if (vendor) return verdict('physical', vendor, [dmiEvidence(m.dmi, 'sys_vendor', 'strong', 'physical')]);

  const err = m.dmi.sys_vendor;
  const said = err && typeof err === 'object' ? cm('context.dmi.unreadable', err.error) : cm('context.dmi.absent');
  return verdict('unknown', null, [evidenceOf(file('sys_vendor'), said, 'none')]);
}
