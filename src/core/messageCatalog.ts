// Pure: every catalog of core's explanation texts, id → English template; the one list the extension's table is
// generated from (scripts/coreMessages.ts), so a new catalog is added here and nowhere else.
import { CONTEXT_MESSAGES } from './context/contextMessages';
import { CREDENTIAL_MESSAGES } from './credentials/credentialMessages';
import { ROUTE_MESSAGES } from './routing/routeMessages';

export const CORE_MESSAGE_CATALOGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  routing: ROUTE_MESSAGES,
  credentials: CREDENTIAL_MESSAGES,
  context: CONTEXT_MESSAGES,
};
