// Pure: a tree row as data, so what the view shows is decided (and unit-tested) without VS Code.

export interface Row {
  /** Stable across refreshes, so expansion state and reveal() survive. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  /** Markdown. */
  readonly tooltip?: string;
  /** A codicon id, e.g. `cloud`, `key`, `warning`. */
  readonly icon?: string;
  /** A theme color id for the icon, e.g. `problemsWarningIcon.foreground`. */
  readonly iconColor?: string;
  /** Matched by menus (`viewItem =~ /^cdr\.profile/`). */
  readonly contextValue?: string;
  readonly children?: readonly Row[];
  readonly expanded?: boolean;
  readonly command?: { readonly id: string; readonly title: string; readonly args?: readonly unknown[] };
}
