export interface StreamOptions {
  /** Stop as soon as the assembled text has at least this many characters. */
  abortAfterChars?: number;
}

export interface StreamResult {
  /** Every `delta.content` received, in order (the partial text when stopped early). */
  text: string;
  /** The last non-null `finish_reason` seen, e.g. "stop" or "length"; null if none. */
  finishReason: string | null;
  /** True when the stream was stopped because of `abortAfterChars`. */
  aborted: boolean;
  /** Set when the stream broke: a data line that is not JSON, or no `[DONE]` before the end. */
  error?: string;
}

/**
 * Assembles a chat-completions SSE stream from `reads`: the text of each network read, in
 * order. A read can end anywhere: inside a line, inside the JSON, inside "[DONE]".
 *
 * - Keep a buffer: only complete lines (ending in "\n") are handled; the rest waits for the next read.
 * - Only lines starting with "data:" matter; the payload is the rest of the line, trimmed.
 * - Payload "[DONE]": the answer is complete; return without reading further.
 * - Otherwise parse the JSON; append `choices[0].delta.content` when it is a string, and
 *   remember a non-null `choices[0].finish_reason`. Chunks may have `choices: []`.
 * - After each append, if `abortAfterChars` is set and text.length >= abortAfterChars, return
 *   `{ text, finishReason: null, aborted: true }`.
 * - Never lose the text received so far: a payload that is not JSON, reads that end (or
 *   throw) before "[DONE]" return `{ text, finishReason, aborted: false, error: <message> }`.
 */
export async function readSse(reads: AsyncIterable<string> | Iterable<string>, opts: StreamOptions = {}): Promise<StreamResult> {
  throw new Error('TODO: implement readSse()');
}

/**
 * Streams a chat completion: POSTs `{ ...body, stream: true }` to `${baseUrl}/chat/completions`
 * with an AbortController's signal, decodes the response body into text reads
 * (`getReader()`, one `TextDecoder` with `{ stream: true }`) and assembles them with readSse.
 * When readSse stopped at `abortAfterChars`, abort the request. A non-2xx response throws an
 * Error whose message contains the status.
 */
export async function streamAnswer(baseUrl: string, body: Record<string, unknown>, opts: StreamOptions = {}): Promise<StreamResult> {
  throw new Error('TODO: implement streamAnswer()');
}
