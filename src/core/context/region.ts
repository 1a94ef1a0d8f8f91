// Pure: recognising AWS region, availability-zone and ARN strings.

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function isAwsRegion(s: string | null | undefined): s is string {
  return typeof s === 'string' && REGION.test(s);
}

/** `arn:aws:ecs:us-west-2:111122223333:task/…` → region and account; null when it is not an ARN with a region. */
export function parseArn(arn: string | null | undefined): { region: string; accountId: string | null } | null {
  if (typeof arn !== 'string') return null;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !isAwsRegion(parts[3])) return null;
  return { region: parts[3], accountId: /^\d{12}$/.test(parts[4]) ? parts[4] : null };
}

/**
 * `us-west-2a` → `us-west-2`. Local and Wavelength zones (`us-west-2-lax-1a`) do not name their parent region
 * by stripping a letter, so they give null rather than a wrong answer.
 */
export function regionFromAvailabilityZone(az: string | null | undefined): string | null {
  if (typeof az !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/.test(az)) return null;
  const region = az.slice(0, -1);
  return isAwsRegion(region) ? region : null;
}
