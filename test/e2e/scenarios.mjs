// I/O: the e2e scenarios. A session is one code-server start (its options: workspace, trust, settings); each of
// its steps counts as one test. Add a step to a session, or a session (e.g. an untrusted workspace), here.
import { openViewContainer, pickQuickItem, pollText, runCommand, sel, statusItemWithIcon, treeRow } from './workbench.mjs';

export const sessions = [
  {
    name: 'sample workspace, trusted',
    server: { workspaceTrust: false },
    steps: [
      {
        name: 'activity bar entry opens the Cloud Data Router view',
        async run({ page, shot }) {
          await openViewContainer(page, 'Cloud Data Router');
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
      {
        name: 'status bar quick pick switches the profile to "dev"',
        async run({ page, shot }) {
          const item = statusItemWithIcon(page, 'key');
          await item.click();
          await page.waitForSelector(sel.quickInputBox, { state: 'visible', timeout: 10_000 });
          await shot('profile-pick');
          await pickQuickItem(page, 'dev');
          await pollText(item, /\bdev\b/);
          await shot('profile-dev');
        },
      },
      // Next: explain route, downloads.
    ],
  },
  {
    // Workspace trust on and never granted: VS Code opens the folder in Restricted Mode. package.json declares
    // limited support, so the view must still work (downloads and redirecting settings are what it withholds).
    name: 'sample workspace, untrusted (Restricted Mode)',
    server: { workspaceTrust: true },
    steps: [
      {
        name: 'the window is in Restricted Mode',
        async run({ page }) {
          await page.locator(sel.statusItem, { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 20_000 });
        },
      },
      {
        name: 'the view still shows "Cloud context" and the status bar item',
        async run({ page, shot }) {
          await openViewContainer(page, 'Cloud Data Router');
          await treeRow(page, 'Cloud context').waitFor({ timeout: 20_000 });
          await statusItemWithIcon(page, 'key').waitFor({ timeout: 20_000 });
          // Only so the screenshot shows the whole tree; what Restricted Mode hides is not asserted here yet.
          await treeRow(page, 'Profiles').waitFor({ timeout: 5_000 }).catch(() => {});
          await shot('untrusted');
        },
      },
      // Next: downloads are refused with a message that names Restricted Mode.
    ],
  },
];
