// I/O: what a CLI command may touch, injected so commands stay testable and never reach for globals.
import type { Logger } from '../core/util/logger';

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
  readonly logger: Logger;
}

/** Exit codes of the CLI contract (DESIGN.md). */
export const ExitCode = { Ok: 0, Failed: 1, BadInput: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
