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
  return (
    (await page
      .locator(sel.sidebar)
      .first()
      .isVisible()
      .catch(() => false)) && (await titleEl.isVisible().catch(() => false))
  );
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
  const row = page
    .locator(`${sel.quickInput} .monaco-list-row`, {
      has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }),
    })
    .first();
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

/** The quick input (input box or quick pick) once it is shown. */
export async function quickInput(page, timeout = 10_000) {
  await page.waitForSelector(sel.quickInputBox, { state: 'visible', timeout });
  return page.locator(sel.quickInput);
}

/** Types `text` into the open input box and accepts it with Enter. */
export async function submitInputBox(page, text) {
  await quickInput(page);
  await page.fill(sel.quickInputBox, text);
  // The box validates as you type; a message row would mean Enter is refused.
  await page.keyboard.press('Enter');
  await page.locator(sel.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The document inside the (one visible) webview: VS Code nests it as iframe.webview > iframe#active-frame. */
export function webviewContent(page) {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** A notification toast (shown while the smoke-test driver is off) whose text matches. */
export function toast(page, text) {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

/** Text of every row the tree view shows now (labels and descriptions). */
export async function sidebarRowsText(page) {
  return (await page.locator(`${sel.sidebar} .monaco-list-row`).allInnerTexts()).join('\n');
}

/** Row of the Explorer whose label contains `text` (compact folders show `a/b/c` in one row). */
export function explorerRow(page, text) {
  return page
    .locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: text }) })
    .first();
}

/** Expands the Explorer along `segments` (folder names under the workspace root) until `file` is shown. */
export async function revealInExplorerTree(page, segments, file) {
  for (const seg of segments) {
    const row = explorerRow(page, seg);
    await row.waitFor({ timeout: 10_000 });
    // A compact row (`a/b/c`) covers several segments; it is expanded once.
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
  }
  const row = page
    .locator('.explorer-folders-view .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
    })
    .first();
  await row.waitFor({ timeout: 10_000 });
  return row;
}

/** Waits until the quick input shows `title` (its own title row, not a palette entry that happens to match). */
export async function waitForQuickInputTitle(page, title, timeout = 10_000) {
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page
    .locator(`${sel.quickInput} .quick-input-title`, { hasText: exact })
    .first()
    .waitFor({ state: 'visible', timeout });
}

/** Drags the sidebar's edge so it is `width` px wide (long descriptions in screenshots stay readable). */
export async function setSidebarWidth(page, width) {
  const box = await page.locator(sel.sidebar).first().boundingBox();
  if (!box) return;
  const edge = box.x + box.width;
  // The sash on the sidebar's right edge (several vertical sashes exist: take the nearest visible one).
  let best;
  for (const sash of await page.locator('.monaco-sash.vertical').all()) {
    const b = await sash.boundingBox().catch(() => null);
    if (!b || b.width === 0 || b.height < box.height / 2) continue;
    const d = Math.abs(b.x + b.width / 2 - edge);
    if (!best || d < best.d) best = { b, d };
  }
  if (!best || best.d > 8) return;
  const x = best.b.x + best.b.width / 2;
  const y = best.b.y + best.b.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}

/** Closes editors and toasts so a screenshot shows the part that matters. */
export async function tidyUp(page, { editors = false } = {}) {
  await page.keyboard.press('Escape');
  if (editors) await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page
    .locator('.notifications-toasts .notification-toast')
    .first()
    .waitFor({ state: 'hidden', timeout: 5_000 })
    .catch(() => {});
}
