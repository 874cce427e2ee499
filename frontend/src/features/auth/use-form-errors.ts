import { useState } from 'react';
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

export function useFormErrors() {
  const [errors, setErrors] = useState<FormErrors>(EMPTY);
  return {
    errors,
    setFromError: (e: unknown) => setErrors(toFormErrors(e)),
    clear: () => setErrors(EMPTY),
  };
}
