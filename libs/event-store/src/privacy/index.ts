export { UnreadableCiphertextError, KEY_BYTES } from './crypto';
export {
  PersonalDataVault,
  MasterKeyMismatchError,
  migratePrivacy,
  PRIVACY_MIGRATIONS,
  DATA_KEYS,
  PRIVACY_SCHEMA,
  type DataKey,
} from './personal-data.vault';
export {
  PersonalDataCodec,
  ERASED,
  PERSONAL_DATA_PROPERTY,
  isSealed,
  type EventCodec,
  type Decoder,
  type CodecEvent,
  type PersonalField,
  type PersonalDataFields,
  type PersonalDataEnvelope,
} from './personal-data.codec';
export { sealPlaintextEvents, type SealProgress } from './seal-plaintext-events';
