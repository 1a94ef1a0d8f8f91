import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '../../..');
const PAGES = ['credentials', 'context', 'route', 'download', 'cap'];

interface Step {
  id: string;
  media?: { markdown?: string };
  completionEvents?: string[];
  description: string;
}
interface Manifest {
  contributes: { commands: { command: string; title: string }[]; views?: Record<string, { id: string }[]>; walkthroughs?: { id: string; steps: Step[] }[] };
}

describe('walkthrough pages', () => {
  it('exist, start with a title, stay short, and use no codicon syntax (markdown media does not render it)', () => {
    for (const p of PAGES) {
      const text = readFileSync(join(root, 'media/walkthrough', `${p}.md`), 'utf8');
      assert.match(text, /^# \S/, p);
      assert.ok(text.split(/\s+/).length < 400, `${p}.md is over 400 words`);
      assert.doesNotMatch(text, /\$\([a-z-]+\)/, p);
    }
  });

  it('once package.json contributes the walkthrough: every media file exists, every command link and onCommand is contributed', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
    // Texts are `%key%` placeholders resolved from package.nls.json, as VS Code does.
    const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const text = (s: string) => (/^%[^%]+%$/.test(s) ? (nls[s.slice(1, -1)] ?? assert.fail(`${s} is not in package.nls.json`)) : s);
    const walkthroughs = pkg.contributes.walkthroughs ?? [];
    const commands = new Set(pkg.contributes.commands.map((c) => c.command));
    // VS Code's own commands and the generated `<view>.focus` ones are fine too.
    for (const views of Object.values(pkg.contributes.views ?? {})) for (const v of views) commands.add(`${v.id}.focus`);
    const builtIn = (c: string) => c.startsWith('workbench.');
    for (const w of walkthroughs) {
      for (const s of w.steps) {
        const md = s.media?.markdown;
        assert.ok(md && existsSync(join(root, md)), `${w.id}/${s.id}: media ${md}`);
        for (const e of s.completionEvents ?? []) {
          const c = /^onCommand:(.+)$/.exec(e)?.[1];
          if (c) assert.ok(commands.has(c) || builtIn(c), `${w.id}/${s.id}: ${e} names no contributed command`);
        }
        for (const [, c] of text(s.description).matchAll(/\(command:([\w.-]+)/g)) assert.ok(commands.has(c) || builtIn(c), `${w.id}/${s.id}: link to ${c}`);
      }
    }
  });
});
