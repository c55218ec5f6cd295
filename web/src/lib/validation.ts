/** Mirrors the server's rule for new passwords (POST /api/setup, invitations, password change). */
export const MIN_PASSWORD = 10;

// Deliberately loose: the server is the authority, this only catches typos early.
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/** `example.com` -> `https://example.com`; anything with a scheme is left alone. */
export function withHttpScheme(value: string): string {
  const trimmed = value.trim();
  // Only a bare host like `example.com/shop` gets a scheme; anything else is left for validation to reject.
  if (!/^[^\s/:]+\.[^\s/:]+(:\d+)?(\/\S*)?$/.test(trimmed)) return trimmed;
  return `https://${trimmed}`;
}
