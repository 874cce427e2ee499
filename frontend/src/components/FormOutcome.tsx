import { fieldErrorOf } from '../lib/api-error';
import { ErrorAlert } from './ErrorAlert';

/**
 * Under a form: the server's refusal when none of the form's `fields` shows it already (those are
 * shown by their Field), or the note that it worked (`success`, null for none).
 */
export function FormOutcome({
  error,
  fields,
  success,
}: {
  error: unknown;
  fields: readonly string[];
  success: string | null;
}) {
  return (
    <>
      {!fields.some((f) => fieldErrorOf(error, f)) && <ErrorAlert error={error} />}
      {success && (
        <p role="status" className="muted">
          {success}
        </p>
      )}
    </>
  );
}
