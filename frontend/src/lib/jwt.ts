/**
 * The `groups` claim of an access token, for showing admin screens. Display only: the server
 * checks the signature and the role on every request.
 */
export function tokenGroups(token: string | null): string[] {
  const payload = token?.split('.')[1];
  if (!payload) return [];
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const groups = (JSON.parse(json) as { groups?: unknown }).groups;
    return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}
