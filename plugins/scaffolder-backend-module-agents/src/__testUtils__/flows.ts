import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository's templates and their sample files. */
export const TEMPLATES_DIR = resolve(__dirname, '../../../../templates');

/** The sample Langflow export the create template documents (a real export's shape). */
export function sampleFlow(): Record<string, any> {
  return JSON.parse(
    readFileSync(
      resolve(TEMPLATES_DIR, 'create-agent/examples/support-bot.flow.json'),
      'utf8',
    ),
  );
}

/** A file as the scaffolder's file field sends it. */
export function asDataUrl(content: unknown, name = 'flow.json'): string {
  const text =
    typeof content === 'string' ? content : JSON.stringify(content, null, 2);
  return `data:application/json;name=${encodeURIComponent(
    name,
  )};base64,${Buffer.from(text).toString('base64')}`;
}
