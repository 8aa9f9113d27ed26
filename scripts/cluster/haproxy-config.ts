/** Where the load balancer listens and which web nodes it spreads requests over. */
export interface LoadBalancerLayout {
  /** The public port clients use (127.0.0.1). */
  port: number;
  /** HAProxy's statistics page (`/stats;csv`), which tells whether it sees a node up. */
  statsPort: number;
  /** The web nodes, by name (answered in `x-served-by`) and port on 127.0.0.1. */
  servers: ReadonlyArray<{ name: string; port: number }>;
}

/** The HAProxy backend the web nodes are in (its name in the statistics). */
export const WEB_BACKEND = 'web';

/**
 * HAProxy's configuration for a cluster: round robin on every request, no stickiness, health
 * checks on /api/health (a node is out after 2 failed checks 500 ms apart, back after 2 good ones),
 * a refused connection retried on another node, WebSocket and SSE connections kept open for far
 * longer than the app's 60 s idle limits, and the serving node named in `x-served-by`.
 */
export function haproxyConfig({ port, statsPort, servers }: LoadBalancerLayout): string {
  return [
    'global',
    '  maxconn 4096',
    '',
    'defaults',
    '  mode http',
    '  option httplog',
    '  option forwardfor',
    // A dead node's connections fail fast and go to another one (retry-on's default: conn-failure).
    '  timeout connect 2s',
    '  retries 3',
    '  option redispatch 1',
    // Well above 60 s of silence; the app's streams are never that quiet (SSE pings every 15 s, socket.io every 25 s).
    '  timeout client 120s',
    '  timeout server 120s',
    '  timeout tunnel 3600s',
    '  timeout http-request 10s',
    '  timeout http-keep-alive 10s',
    '  timeout queue 10s',
    '  timeout check 2s',
    '',
    'frontend cluster',
    `  bind 127.0.0.1:${port}`,
    `  default_backend ${WEB_BACKEND}`,
    '',
    `backend ${WEB_BACKEND}`,
    '  balance roundrobin',
    '  option httpchk GET /api/health',
    '  http-check expect status 200',
    '  http-response set-header x-served-by %s',
    '  default-server inter 500ms fall 2 rise 2',
    ...servers.map((server) => `  server ${server.name} 127.0.0.1:${server.port} check`),
    '',
    'listen stats',
    `  bind 127.0.0.1:${statsPort}`,
    '  stats enable',
    '  stats uri /stats',
    '',
  ].join('\n');
}

/** The servers' states (`UP`, `DOWN`, `UP 1/2` …) by name, from the statistics page's CSV. */
export function serverStates(statsCsv: string): Map<string, string> {
  const [header = '', ...rows] = statsCsv.replace(/^# /, '').trim().split('\n');
  const columns = header.split(',');
  const proxy = columns.indexOf('pxname');
  const server = columns.indexOf('svname');
  const status = columns.indexOf('status');
  const states = new Map<string, string>();
  for (const row of rows) {
    const fields = row.split(',');
    const name = fields[server];
    if (fields[proxy] === WEB_BACKEND && name && name !== 'BACKEND' && name !== 'FRONTEND') states.set(name, fields[status] ?? '');
  }
  return states;
}
