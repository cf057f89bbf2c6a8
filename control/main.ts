import { configOrExit } from '../shared/config/env-result.js';
import { createLogger, exitWhenLogged } from '../shared/logger/index.js';
import { createControl } from './app.js';
import { loadControlConfig } from './config.js';

const config = configOrExit(loadControlConfig(process.env));
const logger = createLogger('control', config.LOG_LEVEL);
const control = createControl(config, logger);

control.server.listen(config.CONTROL_PORT, config.CONTROL_HOST, () => {
  const address = control.server.address();
  const port = typeof address === 'object' && address ? address.port : config.CONTROL_PORT;
  logger.info({ port, host: config.CONTROL_HOST }, 'control listening');
  logger.flush();
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    control.close().finally(() => exitWhenLogged(logger, 0));
  });
}
