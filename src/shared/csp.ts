/**
 * The Content-Security-Policy for the UI, sent as a header by both hosts and repeated in
 * index.html's meta tag (a test keeps the two equal). No inline scripts, no remote anything.
 * Inline styles are allowed because Radix's scroll lock injects a <style> element.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
