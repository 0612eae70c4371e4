import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { AgentActionOptions } from '../actions/types';
import { CATALOG, OFFERING_URL, type TestPortal } from './testPortal';

/**
 * What the module gives its actions, pointed at a test portal's registry: calls go over
 * HTTP with mock user tokens, as they would from the scaffolder to the registry.
 */
export function actionOptions(portal: TestPortal): AgentActionOptions {
  return {
    discovery: {
      getBaseUrl: async pluginId => `${portal.baseUrl}/api/${pluginId}`,
      getExternalBaseUrl: async pluginId => `${portal.baseUrl}/api/${pluginId}`,
    },
    auth: mockServices.auth(),
    catalog: catalogServiceMock({ entities: CATALOG }),
    offeringUrl: OFFERING_URL,
  };
}

/** A workspace directory with the given files (e.g. a flow export as flow.json). */
export function workspaceWith(files: Record<string, string> = {}) {
  const dir = createMockDirectory();
  dir.setContent(files);
  return dir;
}

/**
 * createMockActionContext, run by a given user and, if asked, as a dry run (the mock
 * context itself always runs as user:default/mock, for real).
 */
export function actionContext<TInput extends Record<string, any>>(
  input: TInput,
  options: { workspacePath: string; user?: string; dryRun?: boolean },
) {
  const ctx = createMockActionContext<TInput>({
    input,
    workspacePath: options.workspacePath,
  });
  return {
    ...ctx,
    isDryRun: options.dryRun ?? false,
    getInitiatorCredentials: async () =>
      mockCredentials.user(options.user ?? 'user:default/alice'),
  };
}

/** The outputs an action set, by name. */
export function outputsOf(ctx: { output: unknown }): Record<string, unknown> {
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
}
