/** The width at and below which the layout is a phone's: one view at a time (styles.css has the same). */
export const PHONE_QUERY = '(max-width: 700px)';

/** True on a phone-sized screen now (false where matchMedia is missing, e.g. jsdom). */
export function isPhoneScreen(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(PHONE_QUERY).matches;
}
