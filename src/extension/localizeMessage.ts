// Pure: one of core's messages in the UI's language — its id looked up in the generated table of literal
// `l10n.t` calls, its message arguments translated first; data and unknown ids are shown as core wrote them.
import type * as vscode from 'vscode';
import { DATA_MESSAGE_ID, render, type Message } from '../core/messages';
import { CORE_MESSAGE_TABLE } from './coreMessages';

type L10n = Pick<typeof vscode.l10n, 't'>;

export function localizeMessage(msg: Message, l10n: L10n): string {
  const entry = msg.id === DATA_MESSAGE_ID ? undefined : CORE_MESSAGE_TABLE[msg.id];
  // An id missing from the table means the table was not regenerated; the English is better than nothing.
  if (!entry) return render(msg);
  return entry(
    l10n,
    msg.args.map((a) => (typeof a === 'object' ? localizeMessage(a, l10n) : a)),
  );
}
