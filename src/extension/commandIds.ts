// Pure: every command id the extension registers; package.json's contributes.commands must match (tested).
export const CommandIds = {
  showLog: 'cloudDataRouter.showLog',
  refresh: 'cloudDataRouter.refresh',
  refreshContext: 'cloudDataRouter.refreshContext',
  selectProfile: 'cloudDataRouter.selectProfile',
  useProfile: 'cloudDataRouter.useProfile',
  useAutomatic: 'cloudDataRouter.useAutomatic',
  openProfileLocation: 'cloudDataRouter.openProfileLocation',
  copyProfileName: 'cloudDataRouter.copyProfileName',
  enterAccessKeys: 'cloudDataRouter.enterAccessKeys',
  forgetAccessKeys: 'cloudDataRouter.forgetAccessKeys',
  download: 'cloudDataRouter.download',
  signInMast: 'cloudDataRouter.signInMast',
  signOutMast: 'cloudDataRouter.signOutMast',
  setDownloadCap: 'cloudDataRouter.setDownloadCap',
  setArchiveToken: 'cloudDataRouter.setArchiveToken',
  forgetArchiveTokens: 'cloudDataRouter.forgetArchiveTokens',
  planLargeDownload: 'cloudDataRouter.planLargeDownload',
  planStatus: 'cloudDataRouter.planStatus',
  verifyCredentials: 'cloudDataRouter.verifyCredentials',
  signInSso: 'cloudDataRouter.signInSso',
  signInEarthdata: 'cloudDataRouter.signInEarthdata',
  signOutEarthdata: 'cloudDataRouter.signOutEarthdata',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
