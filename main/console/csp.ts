/**
 * The console's Content Security Policy, the same in the desktop window and in browser mode.
 * Scripts, connections and everything else come only from the console's own origin; no eval.
 * Styles allow inline because antd injects its CSS at run time in <style> elements.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
