// Pure: which Earthdata token a CMR search sends — the login's bearer token while it is valid, else none.
import { expiredLoginProblem } from './login';
import type { EarthdataLoginState } from './types';

/**
 * Public collections need no token, and CMR answers 401 to an expired one even for them: so an expired token is
 * left out (with a note saying so) rather than sent. Basic credentials never go to CMR.
 */
export function cmrSearchToken(
  state: EarthdataLoginState,
  now = Date.now(),
): { readonly token: string | null; readonly note: string | null } {
  const token = state.login?.token ?? null;
  if (!token) return { token: null, note: null };
  const expired = expiredLoginProblem(state, now);
  if (expired) return { token: null, note: `searching CMR without a token (public collections only): ${expired}` };
  return { token, note: null };
}
