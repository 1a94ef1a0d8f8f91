// I/O: `cdr context` — where this code runs (cloud, provider, service, region, platform) and the evidence for it.
import { CdrError } from '../../core/errors';
import { describeContext, detectCloudContext, type DetectedContext } from '../../core/context/index';
import type { CliCommand } from '../command';
import { ExitCode } from '../io';

function parseTimeout(v: string | boolean | string[] | undefined): number | undefined {
  if (v === undefined) return undefined;
  const text = String(v).trim();
  const ms = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(ms >= 1 && ms <= 60_000))
    throw new CdrError(`--timeout must be a whole number of milliseconds from 1 to 60000: ${text}`, {
      code: 'BadInput',
    });
  return ms;
}

function yesNo(v: boolean | null): string {
  return v === null ? 'unknown' : v ? 'yes' : 'no';
}

export function renderContext(ctx: DetectedContext): string {
  const { summary, hint } = describeContext(ctx);
  const p = ctx.platform;
  const rows: [string, string][] = [
    ['in cloud', yesNo(ctx.inCloud)],
    ['provider', ctx.provider ?? 'unknown'],
    ['service', ctx.service ?? 'unknown'],
    ['region', ctx.region ?? 'unknown'],
    ['platform', p ? `${p.name} (${p.region ?? 'region unknown'}, ${p.how})` : 'none'],
  ];
  if (ctx.instanceType || ctx.instanceId)
    rows.push(['instance', [ctx.instanceType, ctx.instanceId].filter((x) => x).join(' ')]);
  const width = Math.max(...ctx.evidence.map((e) => e.weight.length)) + 2;
  return [
    `Cloud context: ${summary}`,
    ...rows.map(([k, v]) => `  ${`${k}:`.padEnd(10)} ${v}`),
    `  detected in ${ctx.elapsedMs} ms`,
    'Evidence:',
    ...ctx.evidence.map((e) => `  ${`[${e.weight}]`.padEnd(width)} ${e.signal}: ${e.said}`),
    ...(hint ? [`Hint: ${hint}`] : []),
    '',
  ].join('\n');
}

/** The context as DESIGN's contract has it; each piece of evidence adds the stable id of what it said. */
function contextJson(ctx: DetectedContext) {
  return {
    ...ctx,
    evidence: ctx.evidence.map(({ message, ...e }) => ({ ...e, ...(message ? { id: message.id } : {}) })),
  };
}

export const contextCommand: CliCommand = {
  name: 'context',
  summary:
    'Show where this runs (in a cloud? provider, service, region, platform) and the evidence; CDR_PLATFORM declares a platform.',
  options: {
    'probe-imds': { type: 'boolean', description: 'Ask EC2 instance metadata even when nothing says EC2 (opt in).' },
    timeout: {
      type: 'string',
      valueName: 'MS',
      description: 'Bound on each metadata request, in milliseconds (default 1000).',
    },
  },
  async run({ values }, io) {
    const ctx = await detectCloudContext({
      env: io.env,
      // The CLI is a composition root: the real machine's files.
      root: '/',
      imdsTimeoutMs: parseTimeout(values.timeout),
      probeImds: values['probe-imds'] ? 'always' : 'auto',
      logger: io.logger,
    });
    io.out(values.json ? `${JSON.stringify(contextJson(ctx), null, 2)}\n` : renderContext(ctx));
    return ExitCode.Ok;
  },
};
