import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

export const DLT_HEADERS = Object.freeze({
  error: 'dlt_error',
  errorName: 'dlt_error_name',
  originalTopic: 'dlt_original_topic',
  originalPartition: 'dlt_original_partition',
  originalOffset: 'dlt_original_offset',
  consumerGroup: 'dlt_consumer_group',
  attempts: 'dlt_attempts',
});

export interface DeadLetterSource {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly consumerGroup: string;
  /** Handler attempts made; 0 when the record could not even be mapped. */
  readonly attempts: number;
  readonly error: unknown;
}

const MAX_ERROR_LENGTH = 2000;

/** The original record (key, value, headers) plus why and where it failed. */
export function deadLetterMessage(source: DeadLetterSource): Message {
  const error = source.error instanceof Error ? source.error : new Error(String(source.error));
  const headers: IHeaders = {
    ...source.message.headers,
    [DLT_HEADERS.error]: error.message.slice(0, MAX_ERROR_LENGTH),
    [DLT_HEADERS.errorName]: error.name,
    [DLT_HEADERS.originalTopic]: source.topic,
    [DLT_HEADERS.originalPartition]: String(source.partition),
    [DLT_HEADERS.originalOffset]: source.message.offset,
    [DLT_HEADERS.consumerGroup]: source.consumerGroup,
    [DLT_HEADERS.attempts]: String(source.attempts),
  };
  return { key: source.message.key, value: source.message.value, headers };
}
