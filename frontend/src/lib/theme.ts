import { useEffect, useState } from 'react';

export type ThemeChoice = 'light' | 'dark' | 'system';

const KEY = 'teamchat.theme';

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** Sets `data-theme` on <html>; "system" follows prefers-color-scheme live. */
function apply(choice: ThemeChoice) {
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  const dark = choice === 'dark' || (choice === 'system' && Boolean(media?.matches));
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

/** The theme choice, remembered in localStorage (a preference, not a secret). */
export function useTheme(): [ThemeChoice, (c: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(stored);
  useEffect(() => {
    apply(choice);
    try {
      if (choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      /* storage may be disabled */
    }
    if (choice !== 'system') return;
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onChange = () => apply('system');
    media?.addEventListener?.('change', onChange);
    return () => media?.removeEventListener?.('change', onChange);
  }, [choice]);
  return [choice, setChoice];
}

/** Applies the remembered theme before the first render (also on the sign-in screen). */
export function initTheme(): void {
  apply(stored());
}
