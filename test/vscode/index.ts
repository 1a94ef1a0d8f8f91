// I/O: the standard extension-tests entry: runs every *.test.js next to this file with mocha (tdd ui)
// and prints one machine-readable result line for the runners (code-server and @vscode/test-electron).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findTests(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

export function run(): Promise<void> {
  // Colours would arrive as escape codes in codeAutomationLog; the runners print plain text.
  // CDR_TEST_GREP narrows a run while working on one suite; the runners pass it through.
  const grep = process.env.CDR_TEST_GREP || undefined;
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 20_000, grep });
  const files = findTests(__dirname).sort();
  for (const f of files) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    try {
      // The runners show the log between this marker and CDR_MOCHA_RESULT; the rest is workbench chatter.
      console.log('CDR_MOCHA_BEGIN');
      const runner = mocha.run(() => {
        // The runners read this line; mocha's own summary is for people.
        console.log(`CDR_MOCHA_RESULT ${JSON.stringify({ passed, failed, files: files.length })}`);
        if (failed > 0) reject(new Error(`${failed} test(s) failed`));
        else if (passed === 0) reject(new Error('no tests ran'));
        else resolve();
      });
      runner.on('pass', () => passed++);
      runner.on('fail', () => failed++);
    } catch (err) {
      console.log(`CDR_MOCHA_RESULT ${JSON.stringify({ passed, failed: failed + 1, files: files.length })}`);
      reject(err);
    }
  });
}
