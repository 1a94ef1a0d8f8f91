// Pure: the extension's table of core's messages is what scripts/coreMessages.ts generates from the catalogs
// today, and looking a message up through it gives the catalog's English (args and nested messages filled in).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { coreMessagesSource, CORE_MESSAGES_FILE } from '../../../scripts/coreMessages';
import { CORE_MESSAGE_CATALOGS } from '../../../src/core/messageCatalog';
import { dataMessage, placeholderCount, render, type Message } from '../../../src/core/messages';
import { CORE_MESSAGE_TABLE } from '../../../src/extension/coreMessages';
import { localizeMessage } from '../../../src/extension/localizeMessage';
import { english, l10nFrom } from '../../../src/extension/route/routeText';

describe("core's message table", () => {
  it('src/extension/coreMessages.ts is current (run `npm run l10n` after changing a catalog)', async () => {
    assert.equal(readFileSync(CORE_MESSAGES_FILE, 'utf8'), await coreMessagesSource());
  });

  it('has every id of every catalog, and each renders the English template with its arguments', () => {
    const ids = Object.values(CORE_MESSAGE_CATALOGS).flatMap((c) => Object.keys(c));
    assert.deepEqual(Object.keys(CORE_MESSAGE_TABLE).sort(), [...ids].sort());
    for (const catalog of Object.values(CORE_MESSAGE_CATALOGS))
      for (const [id, text] of Object.entries(catalog)) {
        const msg: Message = { id, text, args: Array.from({ length: placeholderCount(text) }, (_, i) => `<${i}>`) };
        assert.equal(localizeMessage(msg, english), render(msg), id);
      }
  });

  it('looks messages up by id, translates nested messages, and shows data as given', () => {
    const seen: string[] = [];
    const upper = l10nFrom((m) => (seen.push(m), m.toUpperCase()));
    const yes: Message = { id: 'route.answer.yes', text: 'yes', args: [] };
    const msg: Message = { id: 'route.evidence.signal', text: '{0}: {1}', args: ['imds', yes] };
    assert.equal(localizeMessage(msg, upper), 'imds: YES');
    assert.equal(localizeMessage(dataMessage('an archive said so'), upper), 'an archive said so');
    assert.deepEqual(seen, ['yes', '{0}: {1}']);
    // The id decides, not the text a core of another version carried.
    assert.equal(localizeMessage({ ...yes, text: 'ja' }, upper), 'YES');
  });
});
