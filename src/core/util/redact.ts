// Pure: masks secrets in anything that may reach a log, a tooltip or an error message.

const ACCESS_KEY_ID = /\b((?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{12,})\b/g;
const SECRET_ASSIGNMENT =
  /((?:aws_secret_access_key|aws_session_token|aws_security_token|secretAccessKey|sessionToken|SecretAccessKey|SessionToken|Token)["']?\s*[:=]\s*["']?)([^\s"',}]+)/gi;
const AUTH_HEADER =
  /((?:authorization|x-amz-security-token)["']?\s*[:=]\s*["']?)((?:token|bearer|basic|aws4-hmac-sha256)\s+)?([^\s"',}]+)/gi;
const PRESIGNED = /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&\s"']+/gi;

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`. Anything shorter than 12 characters is fully masked. */
export function redactAccessKeyId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  if (id.length < 12) return '…';
  return `${id.slice(0, 4)}…${id.slice(-4)}`;
}

/** Applied at every sink (log channel, stderr, tooltips), so callers cannot forget it. */
export function redact(text: string): string {
  return text
    .replace(PRESIGNED, '$1[redacted]')
    .replace(AUTH_HEADER, (_m, k: string, scheme: string | undefined) => `${k}${scheme ?? ''}[redacted]`)
    .replace(SECRET_ASSIGNMENT, '$1[redacted]')
    .replace(ACCESS_KEY_ID, (id: string) => redactAccessKeyId(id) ?? '…');
}
