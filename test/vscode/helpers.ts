// I/O: shared helpers for the suites: activate the real extension by id and hand back its test API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CdrApi } from '../../src/extension/activate';

export const extensionId = 'cloud-data-router.cloud-data-router';

export interface Activated {
  readonly extension: vscode.Extension<CdrApi>;
  readonly api: CdrApi;
  /** Wall time of extension.activate() as seen from outside, when this call did the activating. */
  readonly activateCallMs: number | undefined;
}

let cached: Promise<Activated> | undefined;

export function activateExtension(): Promise<Activated> {
  cached ??= (async () => {
    const extension = vscode.extensions.getExtension<CdrApi>(extensionId);
    assert.ok(extension, `extension ${extensionId} is not installed in this host`);
    const wasActive = extension.isActive;
    const t0 = performance.now();
    const api = await extension.activate();
    return { extension, api, activateCallMs: wasActive ? undefined : performance.now() - t0 };
  })();
  return cached;
}

/** package.json as VS Code read it, so the test checks what the host actually loaded. */
export function manifest(extension: vscode.Extension<unknown>): {
  contributes: {
    commands: { command: string; title: string }[];
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string; name: string }[]>;
  };
} {
  return extension.packageJSON;
}
