// I/O (test support): Earthdata Cloud on 127.0.0.1: s3rver behind the S3 guard, Earthdata Login, a TEA DAAC and a
// Cumulus DAAC, sharing one clock; `all()` is every request any of them got, in order of arrival per server.
import { startS3rver, type S3rverHarness } from '../s3rverHarness';
import { startDaacServer, type DaacServer } from './daacServer';
import { startEdlServer, type EdlServer, type EdlUser } from './edlServer';
import { testClock, type RecordedRequest, type TestClock } from './recorder';
import { startS3Guard, type S3Guard } from './s3Guard';

export interface EarthdataStandIns {
  readonly clock: TestClock;
  readonly s3rver: S3rverHarness;
  readonly s3: S3Guard;
  readonly edl: EdlServer;
  readonly tea: DaacServer;
  readonly cumulus: DaacServer;
  all(): RecordedRequest[];
  stop(): Promise<void>;
}

export const BUCKET = 'lp-prod-protected';

export async function startEarthdataStandIns(users: readonly EdlUser[]): Promise<EarthdataStandIns> {
  const clock = testClock();
  const s3rver = await startS3rver([BUCKET]);
  const s3 = await startS3Guard({ upstream: s3rver.endpoint, now: clock.now });
  const edl = await startEdlServer({ users });
  const tea = await startDaacServer({ style: 'tea', edl, s3, now: clock.now });
  const cumulus = await startDaacServer({ style: 'cumulus', edl, s3, now: clock.now });
  return {
    clock,
    s3rver,
    s3,
    edl,
    tea,
    cumulus,
    all: () => [...edl.requests, ...tea.requests, ...cumulus.requests, ...s3.requests],
    async stop() {
      await Promise.all([tea.stop(), cumulus.stop(), edl.stop(), s3.stop()]);
      await s3rver.stop();
    },
  };
}
