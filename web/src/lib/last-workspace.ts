const KEY = 'ml_last_workspace';

export function lastWorkspaceId(): string | undefined {
  try {
    return localStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberWorkspace(id: string): void {
  try {
    localStorage.setItem(KEY, id);
  } catch {
    // Not critical: the first workspace is used instead.
  }
}
