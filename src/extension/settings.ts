// I/O: reads the extension's settings; values that could redirect requests or credentials are taken
// only from user (machine) scope when the workspace is untrusted, whatever the workspace file says.
import * as vscode from 'vscode';
import { RESTRICTED_SETTINGS } from './restrictedSettings';

const SECTION = 'cloudDataRouter';

export function getSetting<T>(key: string, fallback: T): T {
  const config = vscode.workspace.getConfiguration(SECTION);
  if (!vscode.workspace.isTrusted && (RESTRICTED_SETTINGS as readonly string[]).includes(key)) {
    // inspect() lets us skip workspace and folder values entirely, not merely hope they were absent.
    const inspected = config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  }
  return config.get<T>(key, fallback);
}

export function affects(e: vscode.ConfigurationChangeEvent, key: string): boolean {
  return e.affectsConfiguration(`${SECTION}.${key}`);
}
