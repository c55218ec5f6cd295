// Applies the saved colour scheme before React renders so dark mode does not flash white (external: the CSP forbids inline scripts).
(() => {
  let scheme = 'light';
  try {
    scheme = localStorage.getItem('mantine-color-scheme-value') || 'auto';
    if (scheme === 'auto')
      scheme = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  } catch {}
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
})();
