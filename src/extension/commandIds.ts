// Pure: every command id the extension registers; package.json's contributes.commands must match (tested).
export const CommandIds = {
  showLog: 'cloudDataRouter.showLog',
  refresh: 'cloudDataRouter.refresh',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
