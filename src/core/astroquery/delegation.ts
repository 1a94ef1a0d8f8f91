// Pure: when a download is handed to astroquery, why, and whether it may start without a terminal to ask on.
import type { Location } from '../catalog/types';
import type { Route } from '../routing/types';
import { archiveById, archiveForUrl, type DelegatedArchive } from './archives';

/** The archive astroquery would handle this file for: MAST for MAST's files, else by the HTTP URL's host. */
export function delegationFor(
  route: Route,
  location?: Pick<Location, 'kind' | 'archiveUri'>,
): DelegatedArchive | undefined {
  if (location ? location.kind === 'mast' && location.archiveUri : /^mast:/i.test(route.uri))
    return archiveById('mast');
  return archiveForUrl(route.httpUrl);
}

/** How the login runs without a prompt, for messages. */
export function credentialHint(a: DelegatedArchive): string {
  switch (a.login) {
    case 'none':
      return `${a.name} needs no login in astroquery`;
    case 'token-env':
      return `set ${a.variable} (a token; public files need none)`;
    case 'credentials-file':
      return `set ${a.variable} to a file of two lines, user name then password`;
    case 'certificate':
      return `set ${a.variable} to your certificate file`;
    case 'keyring':
      return `set ${a.variable} to your ${a.name} user name and store its password once with: python3 -m keyring set ${a.keyringService} <user>`;
  }
}

/**
 * Null when astroquery may start; otherwise why not. Without a terminal (or with --no-input) an archive whose login
 * would prompt is refused up front, naming the credential that avoids the prompt.
 */
export function delegationRefusal(
  archives: readonly DelegatedArchive[],
  opts: { readonly interactive: boolean; readonly env: Readonly<Record<string, string | undefined>> },
): string | null {
  if (opts.interactive) return null;
  for (const a of archives) {
    if (a.prompts && a.variable && !opts.env[a.variable]) {
      return `${a.name}'s login (${a.module}) would ask for a password and there is no terminal to ask on: ${credentialHint(a)}; or run in a terminal without --no-input`;
    }
  }
  return null;
}

/** Why and how a download of this route would be delegated, in sentences (the panel's banner, the CLI's note). */
export function delegationReasons(route: Route, a: DelegatedArchive): string[] {
  if (a.id === 'mast')
    return [
      `astroquery.mast can fetch this MAST file the way a notebook does (${a.downloadCall}); ${credentialHint(a)}.`,
    ];
  return [
    `${a.name} logs in its own way (${a.login === 'keyring' ? 'user name and password' : a.login.replace('-', ' ')}); astroquery's ${a.module} implements it, this tool does not.`,
    `The leaf stays ${route.leaf} (HTTPS); the transport is astroquery: ${a.loginCall}, then ${a.downloadCall}.`,
    `Without a prompt: ${credentialHint(a)}.`,
  ];
}

/** Appended to `cdr route --explain`: why a download of this file would be delegated, and to what. */
export function delegationNote(route: Route): string {
  const a = archiveForUrl(route.httpUrl);
  if (!a || a.id === 'mast' || route.via !== 'http') return '';
  return [
    '',
    '  Delegated to astroquery:',
    `    ${a.name} logs in its own way (${a.login === 'keyring' ? 'user name and password' : a.login.replace('-', ' ')}); astroquery's ${a.module} implements it, this tool does not.`,
    `    The leaf stays ${route.leaf} (HTTPS); the transport is astroquery: ${a.loginCall}, then ${a.downloadCall}.`,
    `    Run it with: cdr get --via astroquery ${route.uri}  (without a prompt: ${credentialHint(a)})`,
    '',
  ].join('\n');
}
