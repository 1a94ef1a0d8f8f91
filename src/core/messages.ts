// Pure: core's explanation texts as data — a stable id, the English template with `{0}` placeholders (VS Code
// l10n's syntax) and its arguments — so the CLI renders English and the extension looks the id up in its bundle.

/** An argument is shown as given (a name, a region, a number) or is itself a message, translated in turn. */
export type MessageArg = string | number | Message;

export interface Message {
  readonly id: string;
  readonly text: string;
  readonly args: readonly MessageArg[];
}

/** The id of a text that is data, not ours to translate (an archive's note, an error from a library). */
export const DATA_MESSAGE_ID = 'data';

/** Wraps data shown as part of an explanation: it renders as itself in every language. */
export function dataMessage(text: string): Message {
  return { id: DATA_MESSAGE_ID, text: '{0}', args: [text] };
}

/** `{n}` filled with the n-th argument (messages rendered in turn); a placeholder with no argument stays as written. */
export function render(msg: Message): string {
  return msg.text.replace(/\{(\d+)\}/g, (m, i: string) => {
    const a = msg.args[Number(i)];
    return a === undefined ? m : typeof a === 'object' ? render(a) : String(a);
  });
}

/** A typed maker for one catalog: `m('id', ...args)` only accepts the catalog's ids. */
export function messagesOf<C extends Readonly<Record<string, string>>>(
  catalog: C,
): (id: keyof C & string, ...args: MessageArg[]) => Message {
  return (id, ...args) => ({ id, text: catalog[id]!, args });
}

/** The largest placeholder index + 1 a template needs; the catalog test holds every call to it. */
export function placeholderCount(template: string): number {
  return Math.max(0, ...[...template.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]) + 1));
}
