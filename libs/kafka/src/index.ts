export { createKafka, kafkaFromSettings } from './createKafka.ts';
export type { KafkaClient, KafkaLogLevel, KafkaOptions } from './createKafka.ts';
export { KafkaError, KafkaUnavailableError, ProduceRejectedError, ProduceTimeoutError } from './errors.ts';
export { createEventProducer } from './createEventProducer.ts';
export type { EventProducer, EventProducerOptions, SendOptions, SendResult } from './createEventProducer.ts';
export { ensureTopics } from './ensureTopics.ts';
export type { EnsureTopicsResult, TopicAdmin } from './ensureTopics.ts';
export { withAdmin } from './withAdmin.ts';
export { fetchPartitionOffsets } from './fetchPartitionOffsets.ts';
export type { PartitionOffsets } from './fetchPartitionOffsets.ts';
export { readEndOffsets } from './readEndOffsets.ts';
export { dlqTopicFor, roomsTopicSpecs } from './topics.ts';
export type { TopicSpec } from './topics.ts';
export { runEventConsumer } from './runEventConsumer.ts';
export type {
  ConsumedEvent,
  CrashInfo,
  EventBatch,
  EventConsumer,
  RunEventConsumerOptions,
} from './runEventConsumer.ts';
export { partitionKey } from './partitionKey.ts';
export { runPrivateReader } from './runPrivateReader.ts';
export type { PrivateReader, PrivateReaderOptions } from './runPrivateReader.ts';
export { deadLetterMessage, DLQ_HEADERS, readDeadLetterInfo } from './deadLetterMessage.ts';
export type { DeadLetterFailure, DeadLetterInfo, DeadLetterOrigin } from './deadLetterMessage.ts';
export type { ConsumedRecord, OutgoingRecord } from './records.ts';
export { kafkaSecurity } from './kafkaSecurity.ts';
export type { KafkaSasl, KafkaSecurity } from './kafkaSecurity.ts';
export { probeKafka } from './probeKafka.ts';
export type { ProbeKafkaOptions } from './probeKafka.ts';
export { ensureRoomsTopics } from './ensureRoomsTopics.ts';
export type { TopicSettings } from './ensureRoomsTopics.ts';
