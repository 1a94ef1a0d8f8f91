// Pure: what every message core emits must satisfy: its id is in a catalog with exactly that English template,
// it brings one argument per placeholder, and its argument messages do too.
import assert from 'node:assert/strict';
import { CORE_MESSAGE_CATALOGS } from '../../../src/core/messageCatalog';
import { DATA_MESSAGE_ID, placeholderCount, type Message } from '../../../src/core/messages';

const TEMPLATES = new Map(Object.values(CORE_MESSAGE_CATALOGS).flatMap((c) => Object.entries(c)));

export function assertWellFormed(msg: Message, where: string): void {
  if (msg.id === DATA_MESSAGE_ID) {
    assert.equal(msg.text, '{0}', where);
    assert.equal(msg.args.length, 1, where);
    return;
  }
  assert.equal(TEMPLATES.get(msg.id), msg.text, `${msg.id}: not in a catalog with this text — ${where}`);
  assert.equal(msg.args.length, placeholderCount(msg.text), `${msg.id}: ${msg.args.length} args — ${where}`);
  for (const a of msg.args) if (typeof a === 'object') assertWellFormed(a, where);
}
