import type { ReactNode } from 'react';

/**
 * An inline confirmation of something that cannot be undone: the question, the confirming button
 * (focused, so Enter confirms and Tab reaches Cancel) and Cancel.
 */
export function Confirm({
  label,
  children,
  confirmLabel,
  testId,
  busy,
  onConfirm,
  onCancel,
}: {
  /** The group's accessible name. */
  label: string;
  /** The question. */
  children: ReactNode;
  confirmLabel: string;
  testId: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <div className="confirm" role="group" aria-label={label}>
      <p>{children}</p>
      <button
        type="button"
        className="danger"
        data-testid={testId}
        disabled={busy}
        autoFocus
        onClick={onConfirm}
      >
        {confirmLabel}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
