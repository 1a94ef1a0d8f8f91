// Pure: the logging contract core code writes to; sinks (LogOutputChannel, stderr) redact.

export type LogTopic = 'config' | 'credentials' | 'context' | 'catalog' | 'routing' | 'transfer' | 'cli' | 'extension';

export interface Logger {
  debug(topic: LogTopic, message: string, ...args: unknown[]): void;
  info(topic: LogTopic, message: string, ...args: unknown[]): void;
  warn(topic: LogTopic, message: string, ...args: unknown[]): void;
  error(topic: LogTopic, message: string, ...args: unknown[]): void;
}

export const nullLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
