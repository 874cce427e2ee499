import { errorMessage } from '../lib/api-error';

/** A refusal or failure in words, announced as an alert; nothing when there is none. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="form-error">
      {errorMessage(error)}
    </p>
  );
}
