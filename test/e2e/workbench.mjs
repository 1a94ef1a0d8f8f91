// I/O: small Playwright helpers for driving the VS Code workbench in code-server; the selectors are the ones
// vscode-testing.md found to work. Scenarios use these instead of raw selectors so a VS Code update is fixed here.

export const sel = {
  workbench: '.monaco-workbench',
  activityEntry: (title) => `.activitybar [aria-label^="${title}"]`,
  treeLabel: '.monaco-list-row .label-name',
  statusItem: '.statusbar-item',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget input',
  panel: '.part.panel',
  sidebar: '.part.sidebar',
  sidebarTitle: '.part.sidebar .composite.title .title-label',
};

export async function waitForWorkbench(page, timeout = 60_000) {
  await page.waitForSelector(sel.workbench, { timeout });
  // The activity bar is drawn after extensions register their containers; it is the readiness signal we need.
  await page.waitForSelector('.activitybar .action-item', { timeout });
}

export async function openViewContainer(page, title) {
  const entry = page.locator(sel.activityEntry(title)).first();
  await entry.waitFor({ timeout: 30_000 });
  // Clicking the entry of the container already shown closes the sidebar, so look before clicking.
  if (await isViewContainerShown(page, title)) return;
  await entry.click();
  await page.locator(sel.sidebarTitle, { hasText: title }).first().waitFor({ timeout: 15_000 });
}

export async function isViewContainerShown(page, title) {
  const titleEl = page.locator(sel.sidebarTitle, { hasText: title }).first();
  return (await page.locator(sel.sidebar).first().isVisible().catch(() => false)) && (await titleEl.isVisible().catch(() => false));
}

export function treeRow(page, label) {
  return page.locator(sel.treeLabel, { hasText: label }).first();
}

/** The status bar item that renders the given codicon, e.g. 'key' for `$(key)`. */
export function statusItemWithIcon(page, icon) {
  return page.locator(sel.statusItem, { has: page.locator(`.codicon-${icon}`) }).first();
}

/** F1, type the command's full title ("Category: Title"), Enter. */
export async function runCommand(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.waitForSelector(sel.quickInputBox, { state: 'visible', timeout: 10_000 });
  await page.fill(sel.quickInputBox, `>${title}`);
  // Wait until the palette shows the command, so Enter does not pick a stale first row.
  await page.locator(`${sel.quickInput} .monaco-list-row`, { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Types into the open quick pick and accepts the row whose label is exactly `label`. */
export async function pickQuickItem(page, label) {
  await page.waitForSelector(sel.quickInputBox, { state: 'visible', timeout: 10_000 });
  await page.fill(sel.quickInputBox, label);
  const row = page.locator(`${sel.quickInput} .monaco-list-row`, { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
}

export async function pollText(locator, re, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.innerText().catch(() => '')) ?? '';
    if (re.test(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`expected ${re} within ${timeout} ms; last text: ${JSON.stringify(last.slice(0, 300))}`);
}
