// Pure: routing's public surface — which way each file goes, and why.
export { decide, type RoutableLocation } from './decide';
export { explainRoute, renderTree } from './explainRoute';
export {
  DEFAULT_POLICY,
  DEFAULT_PRICES,
  LEAF_PATH,
  LEAF_VIA,
  ROUTE_LEAVES,
  type Route,
  type RouteIdentity,
  type RouteLeaf,
  type RouteNode,
  type RoutePolicy,
  type RoutePrices,
  type RouteStep,
  type Via,
} from './types';
export { archivePathFor, downloadItemFor, planDownloads, type DownloadPlan } from './downloadItemFor';
export { planDataSet, type DataSetOptions } from './planDataSet';
export {
  planSet,
  type PlanSetContext,
  type PlannedFile,
  type SetPlan,
  type SetTotals,
  type ViaTotals,
} from './planSet';
