import { Logger } from '@nestjs/common';

const QUIET_MS = 30_000;

/**
 * While Redis is away every BullMQ client reports each reconnect attempt; one line per client
 * every 30 s says the same thing without burying the rest of the log.
 */
export function connectionErrorLog(logger: Logger, what: string): (error: Error) => void {
  let lastLogged = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastLogged < QUIET_MS) return;
    lastLogged = now;
    logger.warn(`${what}: ${error.message}`);
  };
}
