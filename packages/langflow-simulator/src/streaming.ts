import type { ServerResponse } from 'node:http';
import { delay, SIMULATOR_HEADER } from './http';
import {
  aiMessage,
  runResponse,
  tokenTimestamp,
  userMessage,
  type RunContext,
} from './messages';
import type { StreamEvent } from './types';

/*
 * `?stream=true` answers (doc 1.5): `text/event-stream` content type, but NOT
 * SSE framing — every event is `JSON + "\n\n"` with no `data:` prefix.
 * Langflow serializes with Python's json.dumps (", " / ": " separators);
 * JSON.stringify's compact output is the same JSON to every parser.
 */

export function openStream(res: ServerResponse): void {
  // Starlette appends the charset to text/* media types.
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    [SIMULATOR_HEADER]: '1',
  });
}

/** Writes one event unless the client went away. */
function writeEvent(res: ServerResponse, event: StreamEvent): void {
  if (!res.destroyed) {
    res.write(`${JSON.stringify(event)}\n\n`);
  }
}

/** The first event: the user's message, sent before the model "thinks". */
export function writeUserMessage(res: ServerResponse, ctx: RunContext): void {
  if (ctx.shape.chatInput) {
    writeEvent(res, { event: 'add_message', data: userMessage(ctx) });
  }
}

/** Word-sized chunks that concatenate back to exactly `text`, like LLM deltas. */
export function tokenChunks(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/**
 * After the user's message: the AI message with empty text, one `token` per
 * chunk, the completed AI message (same id, `state: "complete"`, carrying
 * `usage`, as Langflow ≥ 1.9 sends it — doc section 4), then `end` with the
 * same RunResponse a non-streaming call returns.
 */
export async function writeAnswer(
  res: ServerResponse,
  ctx: RunContext,
  chunkDelayMs: number,
): Promise<void> {
  writeEvent(res, {
    event: 'add_message',
    data: aiMessage(ctx, '', 'partial'),
  });
  let timestamp = tokenTimestamp(new Date());
  for (const chunk of tokenChunks(ctx.answer.text)) {
    if (chunkDelayMs > 0) {
      await delay(chunkDelayMs);
      timestamp = tokenTimestamp(new Date());
    }
    writeEvent(res, {
      event: 'token',
      data: { chunk, id: ctx.aiMessageId, timestamp },
    });
  }
  writeEvent(res, {
    event: 'add_message',
    data: aiMessage(ctx, ctx.answer.text, 'complete'),
  });
  writeEvent(res, { event: 'end', data: { result: runResponse(ctx) } });
  res.end();
}

/** Newer Langflow reports a failed streamed run as an `error` event on a 200 stream. */
export function writeFailure(res: ServerResponse, message: string): void {
  writeEvent(res, { event: 'error', data: { error: message } });
  res.end();
}
