// I/O: the e2e scenarios. A session is one code-server start (its options: workspace, trust, settings); each of
// its steps counts as one test. Add a step to a session, or a session (e.g. an untrusted workspace), here.
import { openViewContainer, pollText, runCommand, sel, statusItemWithIcon, treeRow } from './workbench.mjs';

export const sessions = [
  {
    name: 'sample workspace, trusted',
    server: { workspaceTrust: false },
    steps: [
      {
        name: 'activity bar entry opens the Cloud Data Router view',
        async run({ page, shot }) {
          await openViewContainer(page, 'Cloud Data Router');
          await page.locator('.sidebar .title-label', { hasText: /Cloud Data Router/i }).first().waitFor({ timeout: 15_000 });
          await shot('view-opened');
        },
      },
      {
        name: 'tree shows "Cloud context"',
        async run({ page, shot }) {
          await openViewContainer(page, 'Cloud Data Router');
          await treeRow(page, 'Cloud context').waitFor({ timeout: 20_000 });
          await shot('tree');
        },
      },
      {
        name: 'status bar shows the key item with a credential source',
        async run({ page, shot }) {
          const item = statusItemWithIcon(page, 'key');
          await item.waitFor({ timeout: 20_000 });
          // The text after the icon is the source (e.g. "shared-credentials-file · default"); it must not stay empty.
          await pollText(item, /\S/);
          await shot('status-bar');
        },
      },
      {
        name: 'command palette: "Cloud Data Router: Show Log" shows the log',
        async run({ page, shot }) {
          await runCommand(page, 'Cloud Data Router: Show Log');
          const panel = page.locator(sel.panel);
          await panel.waitFor({ state: 'visible', timeout: 15_000 });
          // The channel picker names our channel and the editor shows our activation line.
          await pollText(panel, /\[extension\]\s+activated\s+in/);
          await shot('show-log');
        },
      },
      // Next: profile switch via the status bar quick pick, explain route, downloads.
    ],
  },
  // Next: { name: 'untrusted workspace', server: { workspaceTrust: true }, steps: [...] }
];
