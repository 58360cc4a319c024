export { DocumentsPanel, type DocumentsPanelProps } from './documents-panel.js';
export { DropZone, ACCEPTED_FILES } from './drop-zone.js';
export { JobCard } from './job-card.js';
export { useDocuments, JOB_POLL_MS, type Documents, type TrackedJob } from './use-documents.js';
