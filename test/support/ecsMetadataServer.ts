// I/O: a local ECS task metadata endpoint (v4) on 127.0.0.1; its url is the value for ECS_CONTAINER_METADATA_URI_V4.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EcsMetadataServerOptions {
  readonly taskArn?: string;
  /** `null` to omit the field, as older agents do. */
  readonly availabilityZone?: string | null;
  readonly launchType?: 'FARGATE' | 'EC2';
  /** Accept and never answer. */
  readonly silent?: boolean;
  /** Answer every request with this status instead. */
  readonly status?: number;
}

export interface EcsMetadataServer {
  /** `http://127.0.0.1:<port>/v4/<container id>`. */
  readonly url: string;
  readonly requests: { method: string; path: string }[];
  close(): Promise<void>;
}

export async function startEcsMetadataServer(opts: EcsMetadataServerOptions = {}): Promise<EcsMetadataServer> {
  const base = '/v4/0123456789abcdef-cdr';
  const taskArn = opts.taskArn ?? 'arn:aws:ecs:us-west-2:111122223333:task/default/158d1c8083dd49d6b527399fd6414f5c';
  const cluster = taskArn.replace(/:task\/([^/]+)\/.*$/, ':cluster/$1');
  const launchType = opts.launchType ?? 'FARGATE';
  const container = {
    DockerId: '0123456789abcdef-cdr',
    Name: 'app',
    Image: 'app:latest',
    KnownStatus: 'RUNNING',
    Labels: { 'com.amazonaws.ecs.task-arn': taskArn },
  };
  const task: Record<string, unknown> = {
    Cluster: cluster,
    TaskARN: taskArn,
    Family: 'cdr-test',
    Revision: '1',
    DesiredStatus: 'RUNNING',
    KnownStatus: 'RUNNING',
    LaunchType: launchType,
    Containers: [container],
  };
  if (opts.availabilityZone !== null) task.AvailabilityZone = opts.availabilityZone ?? 'us-west-2d';
  const requests: { method: string; path: string }[] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push({ method: req.method ?? 'GET', path });
    req.resume();
    if (opts.silent) return;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (opts.status !== undefined) return json(opts.status, { error: http.STATUS_CODES[opts.status] });
    if (req.method !== 'GET') return json(405, { error: 'Method Not Allowed' });
    if (path === base) return json(200, container);
    if (path === `${base}/task`) return json(200, task);
    return json(404, { error: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
