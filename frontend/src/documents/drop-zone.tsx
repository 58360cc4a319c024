import { useRef, useState, type DragEvent } from 'react';
import type { Translate } from '../i18n/i18n.js';
import { UploadIcon } from '../ui/icons.js';
import { ACCEPTED_FILES, partitionAcceptedFiles } from './accepted-files.js';

export interface DropZoneProps {
  onFiles(files: File[]): void;
  uploading: number;
  t: Translate;
}

/** Drag files onto it or pick them with the button; both end in one upload request. */
export function DropZone({ onFiles, uploading, t }: DropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const depth = useRef(0);
  const [dragging, setDragging] = useState(false);
  const [refused, setRefused] = useState<string[]>([]);

  // Dropped files bypass the picker's filter, and the picker's "All files" option bypasses it too.
  const take = (files: File[]) => {
    const split = partitionAcceptedFiles(files);
    setRefused(split.refused.map((file) => file.name));
    if (split.accepted.length > 0) onFiles(split.accepted);
  };

  const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');
  const onDragEnter = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth.current += 1;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = () => {
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) take(files);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a pointer-only shortcut; the "choose files" button inside is the keyboard path.
    <div className={`dropzone${dragging ? ' dragging' : ''}`} onDragEnter={onDragEnter} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
      <UploadIcon width={22} height={22} />
      <p>
        <strong>{t('dropHere')}</strong> {t('or')}{' '}
        <button type="button" className="link-button" onClick={() => input.current?.click()}>
          {t('chooseFiles')}
        </button>
      </p>
      <p className="dropzone-formats">{t('acceptedFormats')}</p>
      {refused.length > 0 && (
        <p className="dropzone-refused" role="alert">
          {t('refusedType', { names: refused.join(', '), formats: t('acceptedFormats') })}
        </p>
      )}
      {uploading > 0 && (
        <p className="dropzone-status" role="status">
          {t('uploading', { count: uploading })}
        </p>
      )}
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPTED_FILES}
        hidden
        data-testid="file-input"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length > 0) take(files);
        }}
      />
    </div>
  );
}
