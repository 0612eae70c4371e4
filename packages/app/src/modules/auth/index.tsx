import { OAuth2 } from '@backstage/core-app-api';
import { SignInPage } from '@backstage/core-components';
import {
  ApiBlueprint,
  configApiRef,
  createFrontendModule,
  discoveryApiRef,
  oauthRequestApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  type SignInPageProps,
} from '@backstage/plugin-app-react';
import { oidcAuthApiRef } from './oidcAuthApiRef';

const oidcAuthApi = ApiBlueprint.make({
  name: 'oidc',
  params: defineParams =>
    defineParams({
      api: oidcAuthApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        oauthRequestApi: oauthRequestApiRef,
        configApi: configApiRef,
      },
      factory: ({ discoveryApi, oauthRequestApi, configApi }) =>
        OAuth2.create({
          configApi,
          discoveryApi,
          oauthRequestApi,
          provider: { id: 'oidc', title: 'Keycloak', icon: () => null },
          environment: configApi.getOptionalString('auth.environment'),
          defaultScopes: ['openid', 'profile', 'email'],
        }),
    }),
});

const keycloak = {
  id: 'oidc-auth-provider',
  title: 'Company account',
  message: 'Sign in with your company account (Keycloak)',
  apiRef: oidcAuthApiRef,
};

/** Guest sign-in in development; the OIDC provider everywhere else. */
function AgentRegistrySignInPage(props: SignInPageProps) {
  const environment =
    useApi(configApiRef).getOptionalString('auth.environment') ?? 'development';
  return (
    <SignInPage
      {...props}
      providers={environment === 'development' ? ['guest'] : [keycloak]}
    />
  );
}

const signInPage = SignInPageBlueprint.make({
  params: { loader: async () => AgentRegistrySignInPage },
});

export const authModule = createFrontendModule({
  pluginId: 'app',
  extensions: [oidcAuthApi, signInPage],
});
