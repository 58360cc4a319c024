export { type ObjectStore, type StoredObject, assertSafeKey } from './object-store.js';
export { FilesystemObjectStore } from './filesystem-object-store.js';
export { S3ObjectStore } from './s3-object-store.js';
export { safeUploadName, apiUploadKey, API_UPLOAD_PREFIX } from './upload-name.js';
