import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { PaperclipIcon } from '../icons';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer.types.includes('Files');
}

/**
 * An area files can be dropped on (the chat): while files are dragged over it, an overlay says
 * they will be attached. Without `onFiles` it is a plain container.
 */
export function FileDropZone({ className, onFiles, children }: { className: string; onFiles?: (files: File[]) => void; children: ReactNode }) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them so the overlay doesn't flicker.
  const depth = useRef(0);

  if (!onFiles) return <div className={className}>{children}</div>;

  return (
    <div
      className={`${className} file-drop-zone`}
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (!carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current = 0;
        setOver(false);
        const files = [...event.dataTransfer.files];
        if (files.length > 0) onFiles(files);
      }}
    >
      {children}
      {over && (
        <div className="file-drop-overlay" aria-hidden="true">
          <PaperclipIcon size={28} />
          <span>Drop files to attach them</span>
        </div>
      )}
    </div>
  );
}
