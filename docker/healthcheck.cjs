// Container healthcheck for every role of the Switchboard image (run by node: slim images have no curl).
//   web, all  GET http://127.0.0.1:$PORT/api/health               (503 when a required check is down)
//   worker    GET http://127.0.0.1:$WORKER_HEALTH_PORT/health     (the worker's tiny liveness port)
// Exit 0 = healthy, 1 = unhealthy; what it prints shows in `docker inspect`.
'use strict';

const role = process.env.APP_ROLE || 'all';
const isWorker = role === 'worker';
const port = Number(isWorker ? process.env.WORKER_HEALTH_PORT || 0 : process.env.PORT || 3000);

if (isWorker && !(port > 0)) {
  console.log('worker without WORKER_HEALTH_PORT: nothing to check');
  process.exit(0);
}

const url = `http://127.0.0.1:${port}${isWorker ? '/health' : '/api/health'}`;

fetch(url, { signal: AbortSignal.timeout(4000) }).then(
  async (response) => {
    const body = await response.text().catch(() => '');
    console.log(`${url} -> ${response.status} ${body.slice(0, 500)}`);
    process.exit(response.ok ? 0 : 1);
  },
  (error) => {
    console.log(`${url} -> ${error.cause?.code ?? error.message}`);
    process.exit(1);
  },
);
