import { Navigate } from 'react-router';
import { useMe } from '../api/me';
import { useSetupStatus } from '../api/session';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorState } from '../components/ErrorState';
import { FullPageLoader } from '../components/FullPageLoader';
import { lastWorkspaceId } from '../lib/last-workspace';
import { WorkspaceMissing } from './WorkspaceMissing';

/** `/`: first run goes to setup, strangers to sign-in, members to their last workspace. */
export function RootRedirect() {
  const setup = useSetupStatus();
  const me = useMe();

  if (setup.isPending || me.isPending) return <FullPageLoader />;
  const error = setup.error ?? me.error;
  if (error) {
    return (
      <AuthLayout>
        <ErrorState
          error={error}
          onRetry={() => {
            void setup.refetch();
            void me.refetch();
          }}
        />
      </AuthLayout>
    );
  }
  if (setup.data?.needsSetup) return <Navigate to="/setup" replace />;
  if (!me.data) return <Navigate to="/login" replace />;

  const workspaces = me.data.workspaces;
  if (workspaces.length === 0) return <WorkspaceMissing noneYet />;
  const remembered = lastWorkspaceId();
  const target = workspaces.find((w) => w.id === remembered) ?? workspaces[0];
  return <Navigate to={`/w/${target.id}`} replace />;
}
