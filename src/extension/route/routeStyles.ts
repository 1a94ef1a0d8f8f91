// Pure: the Explain-route page's stylesheet. Theme colours come from VS Code's --vscode-* variables; the
// fallbacks (light, and dark under prefers-color-scheme) make a standalone render look the same.
export const ROUTE_CSS = `
:root {
  --fg: var(--vscode-editor-foreground, #1f2328);
  --bg: var(--vscode-editor-background, #ffffff);
  --muted: var(--vscode-descriptionForeground, #59636e);
  --border: var(--vscode-widget-border, var(--vscode-panel-border, #d1d9e0));
  --card: var(--vscode-editorWidget-background, #f6f8fa);
  --accent: var(--vscode-focusBorder, #0969da);
  --s3: var(--vscode-charts-green, #1a7f37);
  --http: var(--vscode-charts-blue, #0969da);
  --warn: var(--vscode-editorWarning-foreground, #9a6700);
  --err: var(--vscode-errorForeground, #d1242f);
  --btn-bg: var(--vscode-button-background, #0969da);
  --btn-fg: var(--vscode-button-foreground, #ffffff);
  --btn-hover: var(--vscode-button-hoverBackground, #0860ca);
  --btn2-bg: var(--vscode-button-secondaryBackground, #e6eaef);
  --btn2-fg: var(--vscode-button-secondaryForeground, #1f2328);
  --btn2-hover: var(--vscode-button-secondaryHoverBackground, #d5dbe2);
  --font: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif);
  --mono: var(--vscode-editor-font-family, ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace);
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: var(--vscode-editor-foreground, #e6edf3);
    --bg: var(--vscode-editor-background, #0d1117);
    --muted: var(--vscode-descriptionForeground, #9198a1);
    --border: var(--vscode-widget-border, var(--vscode-panel-border, #3d444d));
    --card: var(--vscode-editorWidget-background, #151b23);
    --accent: var(--vscode-focusBorder, #4493f8);
    --s3: var(--vscode-charts-green, #3fb950);
    --http: var(--vscode-charts-blue, #4493f8);
    --warn: var(--vscode-editorWarning-foreground, #d29922);
    --err: var(--vscode-errorForeground, #f85149);
    --btn-bg: var(--vscode-button-background, #1f6feb);
    --btn-hover: var(--vscode-button-hoverBackground, #388bfd);
    --btn2-bg: var(--vscode-button-secondaryBackground, #2a313c);
    --btn2-fg: var(--vscode-button-secondaryForeground, #e6edf3);
    --btn2-hover: var(--vscode-button-secondaryHoverBackground, #363e4a);
  }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 20px 28px 40px; background: var(--bg); color: var(--fg); font-family: var(--font); font-size: 13px; line-height: 1.5; }
h1 { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 0 0 6px; }
h2 { font-size: 14px; font-weight: 600; margin: 0 0 12px; }
code, .mono { font-family: var(--mono); font-size: 12px; }
.uri { font-family: var(--mono); font-size: 15px; font-weight: 600; overflow-wrap: anywhere; margin: 0 0 16px; }
.verdict { display: flex; flex-wrap: wrap; align-items: center; gap: 14px 20px; padding: 16px 18px; border: 1px solid var(--border); border-left: 6px solid var(--via); border-radius: 10px; background: color-mix(in srgb, var(--via) 7%, var(--bg)); }
.verdict.via-s3 { --via: var(--s3); }
.verdict.via-http { --via: var(--http); }
.verdict.has-error { --via: var(--err); }
.big-via { font-size: 22px; font-weight: 700; color: var(--via); min-width: 88px; text-align: center; padding: 4px 14px; border: 2px solid var(--via); border-radius: 999px; }
.verdict-text { flex: 1 1 320px; min-width: 0; }
.verdict-title { font-size: 16px; font-weight: 600; }
.verdict-target { font-family: var(--mono); font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.chip { display: inline-block; padding: 1px 10px; border-radius: 999px; border: 1px solid var(--border); background: var(--bg); font-size: 12px; }
.chip.leaf-chip { font-family: var(--mono); }
.chip.warn { border-color: var(--warn); color: var(--warn); }
.actions { display: flex; flex-wrap: wrap; gap: 8px; }
button { font: inherit; padding: 6px 14px; border-radius: 4px; border: 1px solid transparent; cursor: pointer; }
button.primary { background: var(--btn-bg); color: var(--btn-fg); }
button.primary:hover { background: var(--btn-hover); }
button.secondary { background: var(--btn2-bg); color: var(--btn2-fg); }
button.secondary:hover { background: var(--btn2-hover); }
button:disabled { opacity: .5; cursor: not-allowed; }
button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.banner { margin-top: 14px; padding: 10px 14px; border-radius: 8px; border: 1px solid var(--c); background: color-mix(in srgb, var(--c) 9%, var(--bg)); }
.banner h2 { font-size: 13px; margin: 0 0 4px; color: var(--c); }
.banner ul { margin: 0; padding-left: 18px; }
.banner.warnings { --c: var(--warn); }
.banner.error { --c: var(--err); }
.banner.forced { --c: var(--accent); }
.banner.astroquery { --c: var(--accent); }
.layout { display: grid; grid-template-columns: minmax(0, 740px) minmax(280px, 1fr); gap: 28px; margin-top: 22px; align-items: start; }
@media (max-width: 1120px) { .layout { grid-template-columns: minmax(0, 1fr); } }
.tree-wrap { overflow-x: auto; }
/* Narrow panels scroll the tree sideways rather than shrink its text below legibility. */
svg.tree { max-width: 100%; min-width: 480px; height: auto; font-family: var(--font); }
.edge line { stroke: var(--border); stroke-width: 1.5; stroke-dasharray: 5 4; }
.edge.taken line { stroke: var(--accent); stroke-width: 3.5; stroke-dasharray: none; }
.arrow { fill: var(--border); }
.arrow-taken { fill: var(--accent); }
.edge-label { font-size: 12px; fill: var(--muted); paint-order: stroke; stroke: var(--bg); stroke-width: 5px; stroke-linejoin: round; }
.edge.taken .edge-label { fill: var(--accent); font-weight: 700; }
.question rect { fill: var(--card); stroke: var(--border); stroke-width: 1.2; }
.question .badge { fill: var(--bg); stroke: var(--border); stroke-width: 1.2; }
.question .badge-text { font-size: 12px; font-weight: 700; fill: var(--muted); }
.question.asked rect { fill: color-mix(in srgb, var(--accent) 9%, var(--bg)); stroke: var(--accent); stroke-width: 2; }
.question.asked .badge { fill: var(--accent); stroke: var(--accent); }
.question.asked .badge-text { fill: var(--bg); }
.question.skipped rect { stroke: var(--accent); stroke-dasharray: 4 3; }
.q-label { font-size: 13.5px; font-weight: 600; fill: var(--fg); }
.q-answer { font-size: 12px; fill: var(--accent); font-weight: 500; }
.question.skipped .q-answer { fill: var(--muted); font-style: italic; }
.leaf.via-s3 { --via: var(--s3); }
.leaf.via-http { --via: var(--http); }
.leaf .leaf-box { fill: var(--card); stroke: var(--border); stroke-width: 1.2; }
.leaf .pill { fill: none; stroke: var(--via); stroke-width: 1.5; }
.leaf .pill-text { font-size: 11.5px; font-weight: 700; fill: var(--via); letter-spacing: .04em; }
.l-title { font-size: 13.5px; font-weight: 600; fill: var(--fg); }
.l-id { font-family: var(--mono); font-size: 11.5px; fill: var(--muted); }
.leaf.taken .leaf-box { fill: color-mix(in srgb, var(--via) 13%, var(--bg)); stroke: var(--via); stroke-width: 3; }
.leaf.taken .pill { fill: var(--via); }
.leaf.taken .pill-text { fill: var(--bg); }
.leaf.taken .chosen rect { fill: var(--via); }
.leaf.taken .chosen text { font-size: 11.5px; font-weight: 700; fill: var(--bg); }
.leaf.warns.taken .leaf-box { stroke: var(--warn); fill: color-mix(in srgb, var(--warn) 12%, var(--bg)); }
.leaf.warns.taken .chosen rect { fill: var(--warn); }
.forced-note { font-size: 12px; font-weight: 600; fill: var(--accent); }
.dimmed { opacity: .42; }
.steps { list-style: none; margin: 0; padding: 0; counter-reset: none; }
.steps li { display: grid; grid-template-columns: 30px 1fr; gap: 0 10px; padding: 10px 0; border-top: 1px solid var(--border); }
.steps li:first-child { border-top: none; padding-top: 0; }
.num { width: 24px; height: 24px; border-radius: 50%; background: var(--accent); color: var(--bg); font-weight: 700; font-size: 12px; display: flex; align-items: center; justify-content: center; }
.steps li.extra .num { background: var(--muted); }
.q { font-weight: 600; }
.a { color: var(--fg); overflow-wrap: anywhere; }
.evidence { margin: 4px 0 0; padding-left: 16px; color: var(--muted); font-size: 12px; }
.evidence li { display: list-item; padding: 0; border: none; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; font-family: var(--mono); font-size: 12px; overflow-wrap: anywhere; }
section.addresses { margin-top: 26px; }
.note { color: var(--muted); font-size: 12px; margin: 6px 0 0; }
`;
