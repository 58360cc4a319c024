import { afterEach } from 'vitest';

afterEach(async () => {
  // Files that run in the node environment have no DOM to clean.
  if (typeof document === 'undefined') return;
  const { cleanup } = await import('@testing-library/react');
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
});
