// I/O: detects the cloud context once per session in the background (never blocking activation) and on refresh.
import * as vscode from 'vscode';
import {
  createContextCache,
  detectCloudContext,
  type ContextCache,
  type DetectedContext,
  type ProbeImdsMode,
} from '../core/context/index';
import { errorMessage } from '../core/errors';
import type { Logger } from '../core/util/logger';
import type { ContextState } from './view/contextRows';

export interface ContextModelOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  readonly probeImds: () => ProbeImdsMode;
  readonly declaredPlatform: () => string | undefined;
}

export class ContextModel implements vscode.Disposable {
  readonly #onDidChange = new vscode.EventEmitter<ContextState>();
  readonly onDidChange = this.#onDidChange.event;
  #state: ContextState = { status: 'detecting' };
  readonly #cache: ContextCache<DetectedContext>;

  constructor(private readonly opts: ContextModelOptions) {
    this.#cache = createContextCache(() =>
      detectCloudContext({
        env: opts.env,
        root: '/',
        probeImds: opts.probeImds(),
        declaredPlatform: opts.declaredPlatform() || undefined,
        logger: opts.logger,
      }),
    );
  }

  get state(): ContextState {
    return this.#state;
  }

  get context(): DetectedContext | undefined {
    return this.#state.status === 'done' ? (this.#state.context as DetectedContext) : undefined;
  }

  /** The current context, detecting it first when needed. */
  get(): Promise<DetectedContext> {
    return this.#cache.get();
  }

  refresh(): Promise<ContextState> {
    this.#set({ status: 'detecting' });
    return this.#settle(this.#cache.refresh());
  }

  start(): Promise<ContextState> {
    return this.#settle(this.#cache.get());
  }

  async #settle(p: Promise<DetectedContext>): Promise<ContextState> {
    try {
      const ctx = await p;
      this.opts.logger.info(
        'context',
        `detected in ${ctx.elapsedMs.toFixed(0)} ms: inCloud=${ctx.inCloud} provider=${ctx.provider} service=${ctx.service} region=${ctx.region} platform=${ctx.platform?.name ?? 'none'}`,
      );
      this.#set({ status: 'done', context: ctx, elapsedMs: ctx.elapsedMs });
    } catch (e) {
      this.opts.logger.error('context', `detection failed: ${errorMessage(e)}`);
      this.#set({ status: 'error', message: errorMessage(e) });
    }
    return this.#state;
  }

  #set(state: ContextState): void {
    this.#state = state;
    this.#onDidChange.fire(state);
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}
