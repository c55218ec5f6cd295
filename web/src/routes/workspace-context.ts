import { createContext, useContext } from 'react';
import type { User, Workspace } from '../api/types';

export interface CurrentWorkspace {
  workspace: Workspace;
  user: User;
}

export const WorkspaceContext = createContext<CurrentWorkspace | null>(null);

/** The workspace in the URL and the signed-in user; only valid inside the app shell. */
export function useCurrentWorkspace(): CurrentWorkspace {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useCurrentWorkspace must be used inside the app shell');
  return value;
}
