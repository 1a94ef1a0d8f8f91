// Pure: a pseudo-locale made from the shipped bundle and package.nls.json (every value wrapped and accented, as a
// translator would replace it) proves that no English escapes translation: the tree rows, the status bar item, the
// profile picker, the CodeLens/hover texts and the Explain panel are rendered through it, and every word left outside
// the pseudo brackets must come from the data shown (profile names, paths, core's explanations), not from our code.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadAwsConfig } from '../../../src/core/aws-config/loadAwsConfig';
import { resolveCredentialSource } from '../../../src/core/credentials/resolveCredentialSource';
import type { CredentialResolution } from '../../../src/core/credentials/types';
import { dataMessage, type Message } from '../../../src/core/messages';
import { describeContext } from '../../../src/core/context/describeContext';
import { detectCloudContext } from '../../../src/core/context/detectCloudContext';
import type { CloudContext } from '../../../src/core/context/types';
import { decide } from '../../../src/core/routing/decide';
import { ROUTE_LEAVES, type Route } from '../../../src/core/routing/types';
import { renderRouteHtml } from '../../../src/extension/route/renderRouteHtml';
import { hoverMarkdown, lensTitle } from '../../../src/extension/route/routeSummary';
import { l10nFrom } from '../../../src/extension/route/routeText';
import { TREE_QUESTIONS } from '../../../src/extension/route/routeTree';
import { contextRows } from '../../../src/extension/view/contextRows';
import { renderCredentialsStatus } from '../../../src/extension/view/credentialsStatus';
import { profilePicks } from '../../../src/extension/view/profilePicks';
import { profileRows } from '../../../src/extension/view/profileRows';
import type { Row } from '../../../src/extension/view/row';
import { anon, ec2, hstLocation, policy, routeForEachLeaf, unknownContext } from './route/sampleRoutes';

const root = join(__dirname, '../../..');
const readJson = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8')) as Record<string, unknown>;

const ACCENTS: Record<string, string> = Object.fromEntries(
  [...'aeiouyAEIOUYcnsztCNSZT'].map((c, i) => [c, [...'àëïöüÿÀËÏÖÜŸçñšžŧÇÑŠŽŦ'][i]!]),
);
/** ⟦Ŧëšŧ⟧: letters accented, `{0}` / `{name}` placeholders and `$(icon)` codicons kept, so the result still works. */
function pseudo(s: string): string {
  const body = s
    .split(/(\{[^{}]+\}|\$\([^)]+\))/)
    .map((part, i) => (i % 2 ? part : part.replace(/[A-Za-z]/g, (c) => ACCENTS[c] ?? c)))
    .join('');
  return `⟦${body}⟧`;
}

const bundle = readJson('l10n/bundle.l10n.json') as Record<string, string>;
const pseudoBundle = Object.fromEntries(Object.keys(bundle).map((k) => [k, pseudo(bundle[k]!)]));
// What VS Code does with a bundle: the translation when there is one, else the English source.
const l10n = l10nFrom((m) => pseudoBundle[m] ?? m);

/** Every string leaf of the inputs: the data a view shows as given (names, paths, addresses, core's explanations). */
function dataStrings(...inputs: unknown[]): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v instanceof Map) [...v.values()].forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  inputs.forEach(walk);
  // Views truncate and escape long texts: their clauses count as data too.
  for (const d of [...out])
    for (const part of d.split(/[.;:()…\n]\s*/)) if (part.trim().length > 2) out.add(part.trim());
  return [...out].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

// Names that are the same in every language: transports, products, units, key names, commands.
const UNTRANSLATED = /^(S3|HTTPS?|AWS|IAM|SSO|boto3|botocore|ms|[kMGTP]?B|us|east|west|aws|sso|login|profile)$/;

/** The English words left in `text` once the pseudo segments and the shown data are taken out. */
function escapedEnglish(text: string, data: readonly string[]): string[] {
  let rest = text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\\([\\`*_{}[\]<>|])/g, '$1');
  // Link targets (command: URIs) and pseudo segments are not read as words.
  rest = rest.replace(/\]\([^)\s]*\)/g, '] ');
  // Innermost first: a translated message can hold another one as an argument.
  while (/⟦[^⟦⟧]*⟧/.test(rest)) rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  for (const d of data) rest = rest.split(d).join(' ');
  // Cut to fit a node: a pseudo text that lost its closing bracket, or data that lost its end.
  rest = rest.replace(/⟦[^⟦⟧]*…/g, ' ');
  rest = rest.replace(/([^\s⟦⟧→:][^⟦⟧\n→]*?)…/g, (m, cut: string) => (data.some((d) => d.includes(cut)) ? ' ' : m));
  rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ').replace(/\$\([^)]+\)/g, ' ');
  return (rest.match(/[A-Za-z][A-Za-z']{2,}/g) ?? []).filter((w) => !UNTRANSLATED.test(w));
}

function rowTexts(rows: readonly Row[]): string[] {
  return rows.flatMap((r) => [
    r.label,
    r.description ?? '',
    r.tooltip ?? '',
    r.command?.title ?? '',
    ...rowTexts(r.children ?? []),
  ]);
}

function assertAllPseudo(where: string, texts: readonly string[], data: readonly string[]) {
  const escaped = texts.flatMap((t) =>
    escapedEnglish(t, data).map(
      (w) => `${w}  (near ${JSON.stringify(t.slice(Math.max(0, t.indexOf(w) - 60), t.indexOf(w) + 60))})`,
    ),
  );
  assert.deepEqual(escaped, [], `${where}: English outside the pseudo-locale`);
  assert.ok(
    texts.some((t) => t.includes('⟦')),
    `${where}: nothing was translated at all`,
  );
}

/** The data inside core's messages: their plain arguments, and texts core marked as data (an archive's note). */
function messageData(msgs: readonly Message[]): string[] {
  return msgs.flatMap((m) => m.args.flatMap((a) => (typeof a === 'object' ? messageData([a]) : [String(a)])));
}

/** What a route view may show untranslated: the route less its explanation texts, plus the data inside them. */
function routeFacts(route: Route): unknown[] {
  const messages = [
    ...route.steps.flatMap((s) => [s.messages.question, s.messages.answer, ...s.messages.evidence]),
    ...route.warningMessages,
    ...(route.errorMessage ? [route.errorMessage] : []),
  ];
  const { steps, warnings, error, warningMessages, errorMessage, ...facts } = route;
  void [warnings, error, warningMessages, errorMessage];
  return [facts, steps.map((s) => s.node), messageData(messages)];
}

/** A credential resolution less its chain reasons (core's explanations), plus the data inside them. */
function resolutionFacts(r: CredentialResolution | undefined): unknown[] {
  if (!r) return [];
  const { chain, ...facts } = r;
  return [facts, chain.map((s) => [s.method, s.outcome]), messageData(chain.map((s) => s.message))];
}

/** A context less what core says about it (evidence texts), plus the data inside those texts and its summary. */
function contextFacts(ctx: CloudContext): unknown[] {
  const { evidence, ...facts } = ctx;
  const { summaryMessage, hintMessage } = describeContext(ctx, { probeOptIn: 'x' });
  const said = evidence.map((e) => e.message ?? dataMessage(e.said));
  return [
    facts,
    evidence.map((e) => [e.signal, e.weight]),
    messageData([...said, summaryMessage, ...(hintMessage ? [hintMessage] : [])]),
  ];
}

/** Contexts from the real detector over a fake machine root (no network: IMDS disabled or never probed). */
async function detectedContexts(): Promise<CloudContext[]> {
  const machine = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'cdr-pseudo-root-'));
    dirs.push(dir);
    for (const [rel, body] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), body);
    }
    return dir;
  };
  const dmi = '/sys/class/dmi/id';
  const ec2Root = machine({ [`${dmi}/sys_vendor`]: 'Amazon EC2\n', [`${dmi}/product_name`]: 'm6i.large\n' });
  const laptop = machine({ [`${dmi}/sys_vendor`]: 'LENOVO\n' });
  const bare = machine({});
  return Promise.all([
    detectCloudContext({ env: { AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-1' }, root: ec2Root }),
    detectCloudContext({
      env: { JUPYTERHUB_USER: 'u', AWS_DEFAULT_REGION: 'nowhere-1' },
      root: bare,
      probeImds: 'never',
    }),
    detectCloudContext({ env: { AWS_EC2_METADATA_DISABLED: 'true' }, root: laptop }),
    detectCloudContext({ env: { AWS_EC2_METADATA_DISABLED: 'true' }, root: bare, declaredPlatform: 'fornax' }),
  ]);
}

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function profilesFixture() {
  const dir = mkdtempSync(join(tmpdir(), 'cdr-pseudo-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'config'),
    '[default]\nregion = us-east-1\n[profile ops]\nrole_arn = arn:aws:iam::1:role/Ops\nsource_profile = default\n' +
      '[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Reader\n' +
      '[sso-session corp]\nsso_start_url = https://my-org.awsapps.com/start\nsso_region = us-east-1\n' +
      '[profile web]\nlogin_session = arn:aws:iam::1:user/u\n[profile broken]\nregion = eu-west-1\nrole_arn = x\n',
  );
  writeFileSync(
    join(dir, 'credentials'),
    '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
  );
  const env = {
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials',
  };
  const config = await loadAwsConfig({ env, homedir: dir });
  const resolve = (profile?: string) =>
    resolveCredentialSource({
      env,
      homedir: dir,
      config,
      systemBotoConfig: join(dir, 'x.cfg'),
      ...(profile ? { profile } : {}),
    });
  const resolution = await resolve();
  // Chosen profiles walk further down the chain: skipped sources, an assume-role and an SSO reason with nested texts.
  const chosen = await Promise.all(['ops', 'dev', 'web'].map(resolve));
  return { config, resolution, env, chosen };
}

describe('pseudo-locale: no English escapes', () => {
  it('the pseudo bundle covers every bundle entry and keeps its placeholders', () => {
    assert.ok(Object.keys(bundle).length > 200);
    for (const [k, v] of Object.entries(pseudoBundle)) {
      assert.match(v, /^⟦[^]*⟧$/);
      assert.deepEqual(v.match(/\{[^{}]+\}/g) ?? [], k.match(/\{[^{}]+\}/g) ?? [], k);
    }
  });

  it('every %key% of package.json resolves in the pseudo package.nls.json, and every value is pseudo', () => {
    const nls = readJson('package.nls.json') as Record<string, string>;
    const pseudoNls = Object.fromEntries(Object.entries(nls).map(([k, v]) => [k, pseudo(v)]));
    const manifest = readFileSync(join(root, 'package.json'), 'utf8');
    const keys = [...manifest.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]!);
    assert.ok(keys.length > 40, `${keys.length} %keys%`);
    const missing = keys.filter((k) => !(k in pseudoNls));
    assert.deepEqual(missing, [], 'keys of package.json with no entry in package.nls.json');
    // Every title, description and label the manifest shows is a %key%, not English typed into package.json.
    const pkg = JSON.parse(manifest) as {
      displayName: string;
      description: string;
      contributes: Record<string, unknown>;
    };
    const literal: string[] = [];
    const walk = (v: unknown, key: string) => {
      if (typeof v === 'string') {
        if (
          /^(title|description|markdownDescription|label|displayName|name|contextualTitle|category)$/.test(key) &&
          !/^%.+%$/.test(v)
        )
          literal.push(`${key}: ${v}`);
      } else if (Array.isArray(v)) v.forEach((x) => walk(x, key === 'enumDescriptions' ? 'description' : key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk({ displayName: pkg.displayName, description: pkg.description, contributes: pkg.contributes }, '');
    assert.deepEqual(literal, [], 'English typed into package.json instead of a %key%');
  });

  it('the Profiles tree, the profile picker and the status bar item', async () => {
    const { config, resolution, env, chosen } = await profilesFixture();
    const data = dataStrings(config, resolutionFacts(resolution), env);
    assertAllPseudo('profile rows', rowTexts(profileRows(config, resolution, env, l10n)), data);
    assertAllPseudo(
      'profile picks',
      profilePicks(config, 'dev', l10n).flatMap((p) => [p.label, p.description ?? '', p.detail ?? '']),
      data,
    );
    for (const [res, ctx] of [
      [resolution, ec2('us-east-1')],
      [undefined, unknownContext],
      [{ ...resolution, source: null, profile: null }, unknownContext],
      [{ ...resolution, error: 'bad file', errorType: 'ConfigParseError' }, ec2(null)],
      ...chosen.map((r) => [r, ec2('us-east-1')] as const),
    ] as const) {
      const view = renderCredentialsStatus(
        { resolution: res, selectedProfile: 'dev', context: ctx, activeProfileBroken: false, now: new Date() },
        l10n,
      );
      assertAllPseudo('status bar', [view.text, view.tooltip], dataStrings(resolutionFacts(res), ctx, 'dev'));
    }
  });

  it('the Cloud context rows while detecting, failed and done', async () => {
    const detected = await detectedContexts();
    for (const state of [
      { status: 'detecting' } as const,
      { status: 'error', message: 'IMDS timed out' } as const,
      { status: 'done', context: ec2('us-east-1'), elapsedMs: 3 } as const,
      { status: 'done', context: unknownContext, elapsedMs: 3 } as const,
      ...detected.map((context) => ({ status: 'done', context, elapsedMs: 3 }) as const),
    ]) {
      // The summary, the hint and what each signal said are core's explanations: translated, not data.
      const facts = state.status === 'done' ? contextFacts(state.context) : [state];
      const data = dataStrings(facts, 'EC2', 'Amazon Web Services', 'AWS');
      const rows = [contextRows(state, l10n)];
      assertAllPseudo(`context rows (${state.status})`, rowTexts(rows).concat(rows[0]!.label), data);
    }
  });

  it('route explanations built on a detected context (its evidence nested in the steps)', async () => {
    for (const context of await detectedContexts()) {
      const route = decide(context, hstLocation(), anon, policy());
      const data = dataStrings(routeFacts(route), ROUTE_LEAVES);
      assertAllPseudo(`hover on ${context.evidence[0]?.signal}`, [hoverMarkdown(route, l10n)], data);
      const html = renderRouteHtml(route, { nonce: 'n', cspSource: 'vscode-resource:', l10n });
      const steps = html.slice(html.indexOf('<ol class="steps">'), html.indexOf('</ol>'));
      assertAllPseudo(`steps on ${context.evidence[0]?.signal}`, [steps.replace(/<[^>]*>/g, '\n')], data);
    }
  });

  it('the CodeLens title, the hover and the Explain panel for a route to every leaf', () => {
    for (const route of routeForEachLeaf()) {
      // Leaf and question ids are shown as ids (like code), next to their translated titles. Core's explanation
      // texts (steps, warnings, error) are not data: only the names, addresses and numbers inside them are.
      const data = dataStrings(
        routeFacts(route),
        ROUTE_LEAVES,
        TREE_QUESTIONS.map((q) => q.id),
      );
      assertAllPseudo(`lens ${route.leaf}`, [lensTitle(route, l10n), hoverMarkdown(route, l10n)], data);
      const html = renderRouteHtml(route, { nonce: 'n', cspSource: 'vscode-resource:', l10n });
      const visible = html
        .replace(/<style[^]*?<\/style>/g, ' ')
        .replace(/<script[^]*?<\/script>/g, ' ')
        .replace(/<(?:meta|link)[^>]*>/g, ' ')
        .replace(/<wbr>/g, '');
      const attrs = [...visible.matchAll(/\b(?:title|aria-label)="([^"]*)"/g)].map((m) => m[1]!);
      const text = visible.replace(/<[^>]*>/g, '\n');
      assertAllPseudo(`Explain panel ${route.leaf}`, [text, ...attrs], data);
    }
  });
});
