// I/O: the botocore of the Python the user runs: the interpreter selected in the Python extension when that extension
// is already active (we never activate it), else `python3` on PATH. Asked after activation, cached by path.
import * as vscode from 'vscode';
import { detectBotocore, type Detected } from '../core/credentials/detectBotocore';

const PYTHON_EXTENSION = 'ms-python.python';

/** The parts of the Python extension's API used here (its `environments` API); absent members are tolerated. */
interface PythonApi {
  readonly environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { readonly path: string } | undefined;
    resolveEnvironment(
      env: { readonly path: string } | string,
    ): Promise<{ readonly executable?: { readonly uri?: vscode.Uri } } | undefined>;
    readonly onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
}

function pythonApi(): PythonApi | undefined {
  const ext = vscode.extensions.getExtension<PythonApi>(PYTHON_EXTENSION);
  return ext?.isActive ? ext.exports : undefined;
}

/** The interpreter path the Python extension has selected for the first workspace folder, if it says. */
async function selectedInterpreter(): Promise<string | undefined> {
  const envs = pythonApi()?.environments;
  if (!envs) return undefined;
  try {
    const active = envs.getActiveEnvironmentPath(vscode.workspace.workspaceFolders?.[0]?.uri);
    if (!active) return undefined;
    const resolved = await envs.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath ?? active.path;
  } catch {
    return undefined;
  }
}

export async function detectUserBotocore(env: NodeJS.ProcessEnv): Promise<Detected> {
  const selected = await selectedInterpreter();
  const found = await detectBotocore(selected ?? 'python3', { env });
  return found.fallback || !selected
    ? found
    : { ...found, info: { ...found.info, from: `${selected} (Python extension)` } };
}

/** Fires when the selected interpreter may have changed: the Python extension says so, or extensions changed. */
export function onPythonChanged(listener: () => void): vscode.Disposable {
  const subs: vscode.Disposable[] = [vscode.extensions.onDidChange(listener)];
  const hook = () => {
    const ev = pythonApi()?.environments?.onDidChangeActiveEnvironmentPath;
    if (ev) subs.push(ev(listener));
  };
  hook();
  return vscode.Disposable.from(...subs);
}
