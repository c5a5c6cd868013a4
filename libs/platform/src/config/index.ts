export * from './platform-config';
export * from './load-config';
export { LOG_FORMATS, LOG_LEVEL_NAMES, type LogFormat, type LogLevelName } from './environment.variables';
export { EnvReader, type Environment } from './env-reader';
export { HTTP_EDGE_DEFAULTS, type AdmissionSettings, type HttpEdgeConfig } from './http-settings';
export { KAFKA_SASL_MECHANISMS, type KafkaSaslMechanism, type KafkaSecurity } from './kafka-security';
export { readSecretSetting, type SecretSetting } from './secrets';
export {
  DEFAULT_KAFKA_TOPICS,
  parseTopicOverrides,
  topicSettingsFor,
  type KafkaTopicsConfig,
  type TopicOverride,
} from './kafka-topic-settings';
