import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api-error';

export interface FormErrors {
  form: string | null;
  fields: Record<string, string>;
}

const EMPTY: FormErrors = { form: null, fields: {} };

/** Splits a thrown error into a form-level message and per-field messages (problem `errors[]`). */
export function toFormErrors(error: unknown): FormErrors {
  if (error instanceof ApiError) {
    const fields: Record<string, string> = {};
    for (const e of error.errors) {
      const name = e.field.split('.').pop() ?? e.field;
      if (name && !fields[name]) fields[name] = e.message;
    }
    // With field errors the title alone ("Bad Request") says little; prefer the detail.
    const form =
      error.errors.length > 0
        ? (error.detail ?? 'Please correct the fields below.')
        : error.userMessage;
    return { form, fields };
  }
  return { form: errorMessage(error), fields: {} };
}

/**
 * Submission of an auth form: `busy` while `send` runs, and the server's errors split per field if it fails.
 * On success the signed-in app replaces the form, so `busy` stays set.
 */
export function useFormSubmit(send: () => Promise<void>) {
  const [errors, setErrors] = useState<FormErrors>(EMPTY);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(EMPTY);
    setBusy(true);
    try {
      await send();
    } catch (e) {
      setErrors(toFormErrors(e));
      setBusy(false);
    }
  }

  return { errors, busy, submit };
}
