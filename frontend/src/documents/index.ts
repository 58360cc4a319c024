export { DocumentsPanel, type DocumentsPanelProps } from './documents-panel.js';
export { DropZone } from './drop-zone.js';
export { ACCEPTED_FILES, isAcceptedFile } from './accepted-files.js';
export { JobCard } from './job-card.js';
export { useDocuments, JOB_POLL_MS, type Documents, type TrackedJob } from './use-documents.js';
