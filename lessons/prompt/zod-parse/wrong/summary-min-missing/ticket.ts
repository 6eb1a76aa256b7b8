import { z } from 'zod';

/**
 * The ticket the model must return. Strict: a key the schema does not know is an error,
 * not something to pass along silently.
 */
export const Ticket = z.strictObject({
  category: z.enum(['billing', 'bug', 'feature', 'other']),
  priority: z.enum(['low', 'medium', 'high']),
  summary: z.string().max(120),
  tags: z.array(z.string()).optional(),
});

export type Ticket = z.infer<typeof Ticket>;

export type ParseResult = { ok: true; value: Ticket } | { ok: false; error: string };

/**
 * The top-level JSON objects in `text`, found by matching braces. Braces inside JSON strings
 * do not count (a summary may contain "}"), and neither do quotes in the prose around the
 * objects (an apostrophe or a quoted word is not the start of a JSON string).
 */
function findObjects(text: string): { objects: string[]; unclosed: boolean } {
  const objects: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"' && depth > 0) {
      inString = true;
    } else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) objects.push(text.slice(start, i + 1));
    }
  }
  return { objects, unclosed: depth > 0 };
}

/** One line per zod issue: `path: message`, the path joined with "." (e.g. `tags.1`). */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/**
 * Turns a raw model output into a validated ticket, or an error that says what is wrong.
 * Never throws: a bad model output is an expected result, not an exception.
 */
export function parseTicket(raw: string): ParseResult {
  const { objects, unclosed } = findObjects(raw);
  if (unclosed) return { ok: false, error: 'truncated JSON: an object is opened but never closed' };
  if (objects.length === 0) return { ok: false, error: 'no JSON object found in the output' };
  // Two objects means the model changed its mind or answered twice: picking one is a guess.
  if (objects.length > 1) return { ok: false, error: `more than one JSON object in the output (found ${objects.length})` };

  let data: unknown;
  try {
    data = JSON.parse(objects[0]);
  } catch (e) {
    return { ok: false, error: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }

  const result = Ticket.safeParse(data);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeIssues(result.error) };
}
