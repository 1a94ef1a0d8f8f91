// I/O: turns what the user typed into Routes — catalog lookups, cloud context and identity in parallel,
// then core's decide() — and keeps a short list of recently explained URIs in a Memento.
import { Catalog, type CatalogOptions, type Location } from '../../core/catalog/index';
import type { CloudContext } from '../../core/context/types';
import { CdrError, errorMessage } from '../../core/errors';
import { decide, type Route, type RouteIdentity, type RoutePolicy } from '../../core/routing/index';
import type { Logger } from '../../core/util/logger';

/** `{ hasCredentials, source, profile }`: core's RouteIdentity, from the credentials model. */
export type RouteIdentityInfo = RouteIdentity;

export interface RouteServiceDeps {
  getContext(): Promise<CloudContext>;
  getIdentity(): Promise<RouteIdentityInfo>;
  getPolicy(): RoutePolicy;
  /** Env (endpoints, CDR_MAST_URL), MAST base URL, user buckets and mirrors; read on every call so settings apply at once. */
  catalogOptions(): CatalogOptions;
  readonly logger: Logger;
}

/** The two Memento methods used; `vscode.Memento` fits, and so does a Map-backed fake. */
export interface MementoLike {
  get<T>(key: string, defaultValue: T): T;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** A route, or why none could be made for that input (bad URI, failed lookup). */
export type RouteOutcome =
  { readonly uri: string; readonly route: Route } | { readonly uri: string; readonly error: string };

export const RECENT_KEY = 'cloudDataRouter.recentRouteUris';
export const RECENT_MAX = 10;

export class RouteService {
  #catalog: Catalog | undefined;
  #catalogKey = '';

  constructor(
    private readonly deps: RouteServiceDeps,
    private readonly memento: MementoLike,
  ) {}

  /** One Catalog per distinct options, so its MAST and region caches survive between calls. */
  #catalogFor(): Catalog {
    const opts = this.deps.catalogOptions();
    // JSON drops the injected fetch function; the rest (env, base URL, tables) identifies the catalog.
    const key = JSON.stringify(opts);
    if (!this.#catalog || key !== this.#catalogKey) {
      this.#catalog = new Catalog(opts);
      this.#catalogKey = key;
    }
    return this.#catalog;
  }

  /** Drops cached lookups (after a settings change, or on Refresh). */
  invalidate(): void {
    this.#catalog = undefined;
    this.#catalogKey = '';
  }

  /** Everything a set plan routes with (core's planDataSet): the catalog, and context, identity and policy now. */
  async routingInputs(): Promise<{
    catalog: Catalog;
    context: CloudContext;
    identity: RouteIdentity;
    policy: RoutePolicy;
  }> {
    const catalog = this.#catalogFor();
    const [context, identity] = await Promise.all([this.deps.getContext(), this.deps.getIdentity()]);
    return { catalog, context, identity, policy: this.deps.getPolicy() };
  }

  /** Undefined when the catalog understands `input`; otherwise the message naming the value (for input boxes). */
  validate(input: string): string | undefined {
    try {
      this.#catalogFor().parse([input]);
      return undefined;
    } catch (e) {
      return errorMessage(e);
    }
  }

  /** One Route per input, in order. Throws CdrError (BadInput) naming the first malformed input before any lookup. */
  async route(inputs: readonly string[]): Promise<Route[]> {
    return (await this.plan(inputs)).routes;
  }

  /** The routes and the catalog locations behind them (downloads need both). */
  async plan(inputs: readonly string[]): Promise<{ locations: Location[]; routes: Route[] }> {
    const catalog = this.#catalogFor();
    catalog.parse(inputs);
    const [context, identity, locations] = await Promise.all([
      this.deps.getContext(),
      this.deps.getIdentity(),
      catalog.resolve(inputs),
    ]);
    const policy = this.deps.getPolicy();
    const routes = locations.map((l) => decide(context, l, identity, policy));
    this.deps.logger.debug(
      'routing',
      `routed ${routes.length} URI(s): ${routes.map((r) => `${r.leaf}/${r.via}`).join(', ')}`,
    );
    return { locations, routes };
  }

  /** Like route(), but a bad input only spoils its own entry; used by CodeLens, which routes whatever it finds. */
  async routeEach(inputs: readonly string[]): Promise<RouteOutcome[]> {
    const good: string[] = [];
    const bad = new Map<string, string>();
    for (const i of inputs) {
      const why = this.validate(i);
      if (why === undefined) good.push(i);
      else bad.set(i, why);
    }
    let routes = new Map<string, Route>();
    let failure: string | undefined;
    if (good.length) {
      try {
        const rs = await this.route(good);
        routes = new Map(good.map((u, k) => [u, rs[k]] as const));
      } catch (e) {
        failure = errorMessage(e);
        this.deps.logger.warn('routing', `routing failed: ${failure}`);
      }
    }
    return inputs.map((uri) => {
      const route = routes.get(uri);
      if (route) return { uri, route };
      return { uri, error: bad.get(uri) ?? failure ?? `No route for ${uri}` };
    });
  }

  recent(): string[] {
    const v = this.memento.get<unknown>(RECENT_KEY, []);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, RECENT_MAX) : [];
  }

  /** Most recent first, no duplicates, at most RECENT_MAX. */
  async remember(uri: string): Promise<void> {
    const next = [uri, ...this.recent().filter((u) => u !== uri)].slice(0, RECENT_MAX);
    await this.memento.update(RECENT_KEY, next);
  }
}

export function isBadInput(e: unknown): boolean {
  return e instanceof CdrError && e.isBadInput;
}
