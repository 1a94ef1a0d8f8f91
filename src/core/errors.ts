// Pure: the error model shared by core, CLI and extension. `message` is always safe to show a user.

export interface SourceLocation {
  readonly file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  readonly line: number;
}

export type CdrErrorCode =
  | 'BadInput'
  | 'ConfigParse'
  | 'ProfileNotFound'
  | 'Credentials'
  | 'ContextDetection'
  | 'Routing'
  /** A lookup that should have answered did not (a listing denied, an archive API down): CLI exit 1. */
  | 'Lookup'
  | 'Transfer'
  | 'Cancelled';

export interface CdrErrorOptions {
  readonly code: CdrErrorCode;
  readonly cause?: unknown;
  readonly location?: SourceLocation;
  readonly details?: Readonly<Record<string, string | number | boolean | undefined>>;
}

export class CdrError extends Error {
  readonly code: CdrErrorCode;
  readonly location?: SourceLocation;
  readonly details?: CdrErrorOptions['details'];

  constructor(message: string, options: CdrErrorOptions) {
    super(message, { cause: options.cause });
    // A name that survives minification.
    this.name = 'CdrError';
    this.code = options.code;
    this.location = options.location;
    this.details = options.details;
  }

  /** This error and its causes, outermost first. */
  chain(): Error[] {
    const out: Error[] = [this];
    let e: unknown = this.cause;
    while (e instanceof Error && out.length < 10) {
      out.push(e);
      e = e.cause;
    }
    return out;
  }

  /** True for errors caused by what the user gave us (CLI exit code 2). */
  get isBadInput(): boolean {
    return this.code === 'BadInput' || this.code === 'ConfigParse' || this.code === 'ProfileNotFound';
  }
}

export function formatLocation(loc: SourceLocation): string {
  return loc.line > 0 ? `${loc.file}:${loc.line}` : loc.file;
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
