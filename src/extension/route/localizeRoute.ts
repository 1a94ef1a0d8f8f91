// Pure: a Route whose explanation strings (steps, warnings, error, credentials) are in the UI's language, so every route view
// reads the same fields it always did and shows them translated.
import type * as vscode from 'vscode';
import type { Route } from '../../core/routing/types';
import { localizeMessage } from '../localizeMessage';

type L10n = Pick<typeof vscode.l10n, 't'>;

export function localizeRoute(route: Route, l10n: L10n): Route {
  const t = (m: Parameters<typeof localizeMessage>[0]) => localizeMessage(m, l10n);
  return {
    ...route,
    steps: route.steps.map((s) => ({
      ...s,
      question: t(s.messages.question),
      answer: t(s.messages.answer),
      evidence: s.messages.evidence.map(t),
    })),
    warnings: route.warningMessages.map(t),
    ...(route.errorMessage ? { error: t(route.errorMessage) } : {}),
    ...(route.credentialsMessage ? { credentials: t(route.credentialsMessage) } : {}),
  };
}
