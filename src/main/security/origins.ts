/** The origin the production UI is served from (our own privileged scheme, not file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'switchboard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Origins our windows may show: the app scheme, plus the electron-vite dev server in development. */
export function trustedOrigins(devServerUrl: string | undefined): Set<string> {
  const set = new Set<string>([APP_ORIGIN]);
  if (devServerUrl) {
    try {
      set.add(new URL(devServerUrl).origin);
    } catch {
      // ignore a malformed dev URL
    }
  }
  return set;
}

export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // URL gives "null" for non-special schemes; build it ourselves for app://.
    return u.origin !== 'null' ? u.origin : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}
