export { PlatformModule } from './platform.module';
export { PersistenceModule } from './persistence.module';
export { Environment, loadEnvironment, ConfigurationError } from './config/environment';
export { DATABASE_CONNECT_TIMEOUT_MS, dataSourceOptions } from './database/data-source-options';
export { ensureDatabase } from './database/ensure-database';
export { runMigrations } from './database/migrator';
export { Problem, type FieldError, type ProblemBody, problemTypeUri } from './problems/problem';
export { ProblemDetailsFilter } from './problems/problem-details.filter';
export { toFieldErrors } from './problems/validation-errors';
export { rememberValidationRules } from './validation/remembered-validation-rules';
export { requestId } from './logging/logging.module';
export { REDIS_CLIENT, InjectRedis } from './redis/redis.module';
export { producerRedisOptions, workerRedisOptions } from './redis/redis-connection';
export { QueuesModule } from './queues/queues.module';
export { connectionErrorLog } from './queues/connection-error-log';
export {
  QUEUES,
  ALL_QUEUES,
  type QueueName,
  type OutboxEventJob,
  type OutboxEventBatchJob,
  type EventsQueueJob,
  type ImportJob,
  type EmailNotificationJob,
  type WebhookNotificationJob,
  type NotificationJob,
  type DeadlineJob,
  type JobCatalogue,
} from './queues/queue-catalogue';
export { OutboxService, type OutboxAppend } from './outbox/outbox.service';
export { outboxInsert } from './outbox/outbox-insert';
export { OutboxRelay } from './outbox/outbox-relay.service';
export { OutboxWorkerModule } from './outbox/outbox-worker.module';
export { EventHandlersRegistry, type EventConsumer } from './outbox/event-handlers.registry';
export { PageQuery } from './pagination/page-query.dto';
export {
  encodeCursor,
  decodeCursor,
  decodeInstantIdCursor,
  foreignCursor,
  isUuid,
  toPage,
  type Page,
} from './pagination/cursor';
export { ProblemSchema, FieldErrorSchema, ApiProblems } from './openapi/problem.schema';
export { preflight } from './bootstrap/preflight';
export { PublicCache, PublicCacheInterceptor } from './http/public-cache.interceptor';
export { etagOf, JSON_TYPE, sendCached } from './http/public-cache';
export { Idempotent, ApiIdempotencyKey } from './idempotency/idempotent.decorator';
export { IdempotencyStore } from './idempotency/idempotency.store';
export { sqlList, containsPattern } from './database/sql-text';
export { preparedQuery } from './database/prepared-query';
export { canonicalJson, CanonicalJsonError } from './canonical-json/canonical-json';
export { FileStorage, fileTooLarge, type StoredFile, type SaveOptions } from './storage/file-storage';
export { StorageModule } from './storage/storage.module';
export {
  detectMediaType,
  normaliseMediaType,
  EVIDENCE_MEDIA_TYPES,
  MEDIA_TYPE_HEAD_BYTES,
  type DetectedMediaType,
} from './storage/media-type';
