import { configOrExit } from '../shared/config/env-result.js';
import { createLogger, exitWhenLogged } from '../shared/logger/index.js';
import { loadProxyConfig } from './config/index.js';
import { createGateway } from './gateway.js';
import { limitHeapGrowth } from './runtime/heap.js';
import { createFront, drain, type Front } from './server.js';

const config = configOrExit(loadProxyConfig(process.env));
limitHeapGrowth(config.HEAP_GROWTH_PERCENT);
const logger = createLogger('proxy', config.LOG_LEVEL, config.LOG_BUFFER_MAX_BYTES);
const gateway = createGateway(config, logger);
let front: Front;
try {
  front = createFront(config, gateway, logger);
} catch (error) {
  // Unreadable or half-configured TLS files: a configuration problem, reported like one.
  process.stderr.write(`config: ${(error as Error).message}\n`);
  process.exit(1);
}
const { server, protocols } = front;

server.listen(config.PORT, config.HOST, () => {
  gateway.health.ready = true;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port, host: config.HOST, protocols, podId: gateway.podId }, 'proxy listening');
  logger.flush();
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    drain(front, gateway, config.SHUTDOWN_TIMEOUT_MS, logger).then(() => {
      logger.info('stopped');
      exitWhenLogged(logger, 0);
    });
  });
}
