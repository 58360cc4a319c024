export type { Queue, ConsumableQueue, QueueMessage, DeadLetter, QueueDepth } from './queue.js';
export { PostgresQueue, type PostgresQueueOptions } from './postgres-queue.js';
export { buildS3ObjectEvent, parseS3ObjectEvent, PoisonMessageError, type S3ObjectEvent, type S3EventType, type ParsedS3Event } from './s3-event.js';
