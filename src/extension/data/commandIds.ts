// Pure: the Cloud Data view's id and command ids; package.json must contribute the same (a unit test checks).
export const DATA_VIEW_ID = 'cloudDataRouter.data';

export const DataCommandIds = {
  refresh: 'cloudDataRouter.data.refresh',
  loadMore: 'cloudDataRouter.data.loadMore',
  download: 'cloudDataRouter.data.download',
  explainRoute: 'cloudDataRouter.data.explainRoute',
  copyS3Uri: 'cloudDataRouter.data.copyS3Uri',
  copyHttpsUrl: 'cloudDataRouter.data.copyHttpsUrl',
} as const;

/** Download Observation… (palette and the view's title bar). */
export const OBSERVATION_COMMAND = 'cloudDataRouter.downloadObservation';
