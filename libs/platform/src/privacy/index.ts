export { loadMasterKey, parseMasterKey, MASTER_KEY_FILE_NAME } from './master-key';
