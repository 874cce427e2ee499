import { useId } from 'react';

/** A labelled search box (a person's name, a filter): the value as typed, no autocomplete. */
export function SearchField({
  label,
  testId,
  value,
  onChange,
  autoFocus,
}: {
  label: string;
  testId: string;
  value: string;
  onChange(value: string): void;
  autoFocus?: boolean;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        autoComplete="off"
        data-testid={testId}
        value={value}
        autoFocus={autoFocus}
        onChange={(e) => onChange(e.target.value)}
      />
    </>
  );
}
