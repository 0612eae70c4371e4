import type { Entity } from '@backstage/catalog-model';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as jsYaml from 'js-yaml';
import { TEMPLATES_DIR } from './flows';
import type { TestPortal } from './testPortal';

/** A template of the repository, as the catalog would hold it. */
export function loadTemplate(name: string): Entity {
  const { load } = jsYaml as unknown as { load(text: string): unknown };
  return load(
    readFileSync(resolve(TEMPLATES_DIR, name, 'template.yaml'), 'utf8'),
  ) as Entity;
}

export type DryRunResult = {
  status: number;
  body: any;
  /** Log messages, colour codes removed. */
  messages: string[];
  files: string[];
};

/** `POST /api/scaffolder/v2/dry-run`, what the template editor does. */
export async function dryRun(
  portal: TestPortal,
  template: Entity,
  values: Record<string, unknown>,
  userRef = 'user:default/alice',
): Promise<DryRunResult> {
  const res = await portal.as(userRef).post('/api/scaffolder/v2/dry-run', {
    template,
    values,
    directoryContents: [],
  });
  return {
    ...res,
    messages: (res.body?.log ?? []).map((l: any) =>
      // eslint-disable-next-line no-control-regex
      String(l.body.message).replace(/\u001b\[[0-9;]*m/g, ''),
    ),
    files: (res.body?.directoryContents ?? []).map((f: any) => f.path),
  };
}

export type TaskResult = {
  status: string;
  output: any;
  /** Log messages, colour codes removed. */
  messages: string[];
  /** The message of the step that failed, if one did. */
  error?: string;
};

/**
 * Runs a template for real, as the Create page does (`POST /api/scaffolder/v2/tasks`),
 * and waits for the task to finish.
 */
export async function runTemplate(
  portal: TestPortal,
  templateName: string,
  values: Record<string, unknown>,
  userRef = 'user:default/alice',
): Promise<TaskResult> {
  const user = portal.as(userRef);
  const created = await user.post('/api/scaffolder/v2/tasks', {
    templateRef: `template:default/${templateName}`,
    values,
  });
  if (created.status !== 201) {
    throw new Error(
      `task not created: ${created.status} ${JSON.stringify(created.body)}`,
    );
  }
  const id = created.body.id;
  for (let i = 0; i < 300; i++) {
    const task = await user.get(`/api/scaffolder/v2/tasks/${id}`);
    if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
      const events = await user.get(`/api/scaffolder/v2/tasks/${id}/events`);
      const log = (events.body as any[]).filter(e => e.type === 'log');
      const completion = (events.body as any[]).find(
        e => e.type === 'completion',
      );
      return {
        status: task.body.status,
        output: completion?.body?.output,
        messages: log.map(e =>
          // eslint-disable-next-line no-control-regex
          String(e.body.message).replace(/\u001b\[[0-9;]*m/g, ''),
        ),
        error: completion?.body?.error?.message,
      };
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`task ${id} did not finish`);
}
