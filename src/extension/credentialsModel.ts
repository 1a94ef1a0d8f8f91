// I/O: keeps the AWS config and boto3's credential resolution current: reloads on file saves (config,
// credentials, SSO token cache), on profile choice and on settings changes, and tells listeners.
import { watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { loadAwsConfig, type AwsConfig } from '../core/aws-config/loadAwsConfig';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { credentialsProviderFor } from '../core/credentials/credentialsProviderFor';
import { resolveCredentialSource, type ExplicitKeys } from '../core/credentials/resolveCredentialSource';
import type { CredentialResolution } from '../core/credentials/types';
import { defaultBotocore, type BotocoreInfo } from '../core/credentials/botocoreRules';
import { forgetDetectedBotocore, type Detected } from '../core/credentials/detectBotocore';
import type { Logger } from '../core/util/logger';
import { errorMessage } from '../core/errors';

const SELECTED_KEY = 'cloudDataRouter.selectedProfile';
const EXPLICIT_KEYS_SECRET = 'cloudDataRouter.explicitKeys';
const RELOAD_DEBOUNCE_MS = 150;

export interface CredentialsSnapshot {
  readonly config: AwsConfig;
  readonly resolution: CredentialResolution;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly selectedProfile: string | undefined;
  /** For signing downloads: refreshed before expiry (a credential_process is re-run); undefined when anonymous. */
  readonly provider: AwsCredentialIdentityProvider | undefined;
}

export interface CredentialsModelOptions {
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
  readonly state: vscode.Memento;
  readonly secrets: vscode.SecretStorage;
  readonly logger: Logger;
  /** Setting overrides for AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE (machine scope, ignored when untrusted). */
  readonly fileOverrides: () => { config?: string; credentials?: string };
  /** Whether the cloud context says EC2, so boto3's instance-role source may be probed. */
  readonly onEc2: () => boolean;
  /** Which botocore the user runs (slow: a Python process); asked after the first resolution, never before it. */
  readonly detectBotocore?: () => Promise<Detected>;
}

export class CredentialsModel implements vscode.Disposable {
  readonly #onDidChange = new vscode.EventEmitter<CredentialsSnapshot>();
  readonly onDidChange = this.#onDidChange.event;
  #snapshot: CredentialsSnapshot | undefined;
  #watchers: FSWatcher[] = [];
  #watched = '';
  #timer: NodeJS.Timeout | undefined;
  #generation = 0;
  #loading: Promise<CredentialsSnapshot> | undefined;
  #botocore: BotocoreInfo | undefined;
  #detecting: Promise<void> | undefined;

  constructor(private readonly opts: CredentialsModelOptions) {}

  get snapshot(): CredentialsSnapshot | undefined {
    return this.#snapshot;
  }

  get homedir(): string {
    return this.opts.homedir;
  }

  get selectedProfile(): string | undefined {
    return this.opts.state.get<string>(SELECTED_KEY);
  }

  /** The environment boto3 would see, with the machine settings for the file paths applied. */
  env(): Record<string, string | undefined> {
    const env = { ...this.opts.baseEnv };
    const o = this.opts.fileOverrides();
    if (o.config) env.AWS_CONFIG_FILE = o.config;
    if (o.credentials) env.AWS_SHARED_CREDENTIALS_FILE = o.credentials;
    return env;
  }

  async select(profile: string | undefined): Promise<CredentialsSnapshot> {
    await this.opts.state.update(SELECTED_KEY, profile);
    return this.reload();
  }

  async setExplicitKeys(keys: ExplicitKeys | undefined): Promise<CredentialsSnapshot> {
    if (keys) await this.opts.secrets.store(EXPLICIT_KEYS_SECRET, JSON.stringify(keys));
    else await this.opts.secrets.delete(EXPLICIT_KEYS_SECRET);
    return this.reload();
  }

  /** Resolves once the newest reload finished; concurrent callers share it. */
  reload(): Promise<CredentialsSnapshot> {
    const mine = ++this.#generation;
    const p = this.#load().then((snap) => {
      // A slower, older reload must not overwrite a newer one (e.g. two quick saves).
      if (mine === this.#generation) {
        this.#snapshot = snap;
        this.#rewatch(snap.config);
        this.#onDidChange.fire(snap);
      }
      return this.#snapshot ?? snap;
    });
    this.#loading = p;
    return p;
  }

  /** The current snapshot, loading it first if needed. */
  async get(): Promise<CredentialsSnapshot> {
    return this.#snapshot ?? this.#loading ?? this.reload();
  }

  /** The botocore whose rules apply; until detection ends, the current release's. */
  get botocore(): BotocoreInfo {
    return this.#botocore ?? defaultBotocore();
  }

  /** Detects the user's botocore (again, when `force`), and resolves anew if its rules differ. */
  detectBotocore(force = false): Promise<void> {
    const detect = this.opts.detectBotocore;
    if (!detect) return Promise.resolve();
    if (force) forgetDetectedBotocore();
    if (this.#detecting && !force) return this.#detecting;
    this.#detecting = detect().then(
      async (found) => {
        for (const note of [found.fallback, found.warning]) if (note) this.opts.logger.info('credentials', note);
        const before = JSON.stringify(this.botocore);
        this.#botocore = found.info;
        this.opts.logger.info(
          'credentials',
          `botocore ${found.info.version} (${found.info.from}; awscrt ${found.info.crt === false ? 'absent' : (found.info.crt ?? 'unknown')})`,
        );
        if (JSON.stringify(found.info) !== before) await this.reload();
      },
      (e: unknown) => this.opts.logger.warn('credentials', `botocore detection failed: ${errorMessage(e)}`),
    );
    return this.#detecting;
  }

  scheduleReload(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.reload(), RELOAD_DEBOUNCE_MS);
  }

  async #explicitKeys(): Promise<ExplicitKeys | undefined> {
    const raw = await this.opts.secrets.get(EXPLICIT_KEYS_SECRET);
    if (!raw) return undefined;
    try {
      const k = JSON.parse(raw) as ExplicitKeys;
      return k.accessKeyId && k.secretAccessKey ? k : undefined;
    } catch {
      return undefined;
    }
  }

  async #load(): Promise<CredentialsSnapshot> {
    const t0 = performance.now();
    const env = this.env();
    const homedir = this.opts.homedir;
    const selectedProfile = this.selectedProfile;
    const config = await loadAwsConfig({ env, homedir });
    const explicitKeys = await this.#explicitKeys();
    const r = await resolveCredentialSource({
      env,
      homedir,
      config,
      profile: selectedProfile,
      explicitKeys,
      probeImds: this.opts.onEc2(),
      botocore: this.botocore,
    });
    this.opts.logger.info(
      'credentials',
      `resolved in ${(performance.now() - t0).toFixed(0)} ms: source=${r.source ?? 'none'} profile=${r.profile ?? '(default)'} region=${r.region ?? 'none'}${r.error ? ` error=${r.error}` : ''}`,
    );
    let provider: AwsCredentialIdentityProvider | undefined;
    if (r.source !== null && !r.error) {
      try {
        provider = credentialsProviderFor(r, {
          env,
          homedir,
          config,
          profile: selectedProfile,
          explicitKeys,
          probeImds: this.opts.onEc2(),
        });
      } catch (e) {
        this.opts.logger.warn('credentials', `no signer for ${r.source}: ${errorMessage(e)}`);
      }
    }
    return { config, resolution: r, env, selectedProfile, provider };
  }

  #rewatch(config: AwsConfig): void {
    const dirs = new Set<string>();
    for (const f of config.files) if (f.path) dirs.add(dirname(f.path));
    // SSO and `aws login` write tokens here; a fresh login should clear an "expired" warning without a reload.
    dirs.add(join(this.opts.homedir, '.aws', 'sso', 'cache'));
    dirs.add(join(this.opts.homedir, '.aws', 'login', 'cache'));
    const key = [...dirs].sort().join('\n');
    if (key === this.#watched) return;
    this.#disposeWatchers();
    this.#watched = key;
    for (const dir of dirs) {
      try {
        // Watch the folder, not the file: editors save by rename, which ends a file watch.
        const w = watch(dir, { persistent: false }, () => this.scheduleReload());
        w.on('error', (e) => this.opts.logger.warn('credentials', `stopped watching ${dir}: ${errorMessage(e)}`));
        this.#watchers.push(w);
      } catch {
        // The folder does not exist yet; a settings change or refresh will try again.
      }
    }
  }

  #disposeWatchers(): void {
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#disposeWatchers();
    this.#onDidChange.dispose();
  }
}
