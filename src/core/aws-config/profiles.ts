// Pure: merges parsed config and credentials sections into botocore's profile map (quirks 4-6), with file:line kept.
import type { IniParseResult, IniSection } from './parseIni';
import { shlexSplit } from './pyText';

export interface KeyValue {
  readonly value: string;
  readonly file: string;
  readonly line: number;
}

export type KeyMap = Readonly<Record<string, KeyValue>>;

export interface SectionRef {
  readonly file: string;
  readonly line: number;
  /** The section header as written, e.g. `profile dev`. */
  readonly header: string;
}

export interface Problem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

/** A profile as botocore's `session.full_config['profiles']` holds it, plus where each piece was written. */
export interface RawProfile {
  readonly name: string;
  /** Merged view: config section, then credentials keys on top (quirk 6). */
  readonly keys: KeyMap;
  /** The config-file section only (botocore's `config-file` provider reads this alone). */
  readonly configKeys: KeyMap | null;
  /** The credentials-file section only (botocore's `shared-credentials-file` provider reads this alone). */
  readonly credentialsKeys: KeyMap | null;
  /** Sections that contributed, config first. */
  readonly sections: readonly SectionRef[];
}

export interface SsoSession {
  readonly name: string;
  readonly keys: KeyMap;
  readonly section: SectionRef;
}

export interface ServicesSection {
  readonly name: string;
  readonly keys: KeyMap;
  readonly section: SectionRef;
}

export interface ProfileMap {
  readonly profiles: ReadonlyMap<string, RawProfile>;
  readonly ssoSessions: ReadonlyMap<string, SsoSession>;
  readonly services: ReadonlyMap<string, ServicesSection>;
  /** Sections botocore silently ignores, explained. */
  readonly problems: readonly Problem[];
}

function keysOf(section: IniSection, file: string): Record<string, KeyValue> {
  const out: Record<string, KeyValue> = {};
  for (const e of section.entries.values()) out[e.key] = { value: e.value, file, line: e.line };
  return out;
}

function twoWordName(header: string): string | null {
  const parts = shlexSplit(header);
  return parts && parts.length === 2 ? parts[1]! : null;
}

const KNOWN_NON_PROFILE = /^(services|plugins|preview|cli|toplevel)\b/;

/** Builds botocore's profile map from the two parsed files (either may be null: no file). */
export function buildProfileMap(config: IniParseResult | null, credentials: IniParseResult | null): ProfileMap {
  const problems: Problem[] = [];
  const configProfiles = new Map<string, { keys: Record<string, KeyValue>; section: SectionRef }>();
  const ssoSessions = new Map<string, SsoSession>();
  const services = new Map<string, ServicesSection>();

  for (const s of config?.sections ?? []) {
    const file = config!.file;
    const ref: SectionRef = { file, line: s.line, header: s.name };
    // The same prefix tests as botocore's build_profile_map, in the same order.
    if (s.name.startsWith('profile')) {
      const name = twoWordName(s.name);
      if (name === null) {
        problems.push({
          severity: 'warning',
          file,
          line: s.line,
          message: `[${s.name}] is ignored: a profile section is [profile NAME] with one NAME (quote names with spaces)`,
        });
        continue;
      }
      const prev = configProfiles.get(name);
      if (prev)
        problems.push({
          severity: 'warning',
          file,
          line: s.line,
          message: `[${s.name}] replaces the whole profile "${name}" defined at line ${prev.section.line}`,
        });
      configProfiles.set(name, { keys: keysOf(s, file), section: ref });
    } else if (s.name.startsWith('sso-session')) {
      const name = twoWordName(s.name);
      if (name === null) {
        problems.push({
          severity: 'warning',
          file,
          line: s.line,
          message: `[${s.name}] is ignored: expected [sso-session NAME]`,
        });
        continue;
      }
      ssoSessions.set(name, { name, keys: keysOf(s, file), section: ref });
    } else if (s.name === 'default') {
      const prev = configProfiles.get('default');
      if (prev)
        problems.push({
          severity: 'warning',
          file,
          line: s.line,
          message: `[default] replaces the whole profile "default" defined at line ${prev.section.line}`,
        });
      configProfiles.set('default', { keys: keysOf(s, file), section: ref });
    } else {
      const svc = /^services\s+(.+)$/.exec(s.name);
      if (svc) services.set(svc[1]!.trim(), { name: svc[1]!.trim(), keys: keysOf(s, file), section: ref });
      else if (!KNOWN_NON_PROFILE.test(s.name)) {
        problems.push({
          severity: 'warning',
          file,
          line: s.line,
          message: `[${s.name}] is not a profile in the config file; did you mean [profile ${s.name}]?`,
        });
      }
    }
  }

  const profiles = new Map<string, RawProfile>();
  for (const [name, p] of configProfiles) {
    profiles.set(name, { name, keys: p.keys, configKeys: p.keys, credentialsKeys: null, sections: [p.section] });
  }
  for (const s of credentials?.sections ?? []) {
    const file = credentials!.file;
    const ref: SectionRef = { file, line: s.line, header: s.name };
    const own = keysOf(s, file);
    if (s.name.startsWith('profile ')) {
      problems.push({
        severity: 'warning',
        file,
        line: s.line,
        message: `[${s.name}] in the credentials file is a profile named "${s.name}"; the credentials file uses [${s.name.slice(8).trim()}]`,
      });
    }
    const prev = profiles.get(s.name);
    profiles.set(s.name, {
      name: s.name,
      keys: { ...(prev?.keys ?? {}), ...own },
      configKeys: prev?.configKeys ?? null,
      credentialsKeys: own,
      sections: [...(prev?.sections ?? []), ref],
    });
  }
  return { profiles, ssoSessions, services, problems };
}
