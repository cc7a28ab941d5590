import { shell } from 'electron';

/**
 * Opens a link in the user's browser, but only a parsed `https:` URL: `shell.openExternal` will
 * launch any registered protocol handler (file:, smb:, custom schemes), so anything else is dropped.
 */
export function safeExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || !url.hostname || url.username || url.password) return null;
  return url.toString();
}

export async function openExternalSafely(raw: string): Promise<boolean> {
  const url = safeExternalUrl(raw);
  if (!url) return false;
  // Reviewed: only a parsed https: URL without credentials reaches openExternal (safeExternalUrl).
  await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
  return true;
}
