// I/O: the Logger of core, written to a LogOutputChannel; redaction happens here, at the sink.
import * as vscode from 'vscode';
import type { Logger, LogTopic } from '../core/util/logger';
import { redact } from '../core/util/redact';

function format(topic: LogTopic, message: string, args: unknown[]): string {
  const rest = args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a)));
  return redact(`[${topic}] ${[message, ...rest].join(' ')}`);
}

export function createLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    debug: (t, m, ...a) => channel.debug(format(t, m, a)),
    info: (t, m, ...a) => channel.info(format(t, m, a)),
    warn: (t, m, ...a) => channel.warn(format(t, m, a)),
    error: (t, m, ...a) => channel.error(format(t, m, a)),
  };
}
