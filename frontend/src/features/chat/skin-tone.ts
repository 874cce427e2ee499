import { useState } from 'react';

const KEY = 'teamchat.skinTone';

function stored(): number {
  try {
    const tone = Number(localStorage.getItem(KEY));
    return Number.isInteger(tone) && tone >= 1 && tone <= 5 ? tone : 0;
  } catch {
    return 0;
  }
}

/** The reaction picker's skin tone (0: default, 1-5), remembered in localStorage (a preference). */
export function useSkinTone(): [number, (tone: number) => void] {
  const [tone, setTone] = useState(stored);
  const choose = (next: number) => {
    setTone(next);
    try {
      if (next === 0) localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, String(next));
    } catch {
      /* storage may be disabled */
    }
  };
  return [tone, choose];
}
