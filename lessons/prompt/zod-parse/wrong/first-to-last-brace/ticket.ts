import { z } from 'zod';

/**
 * The ticket the model must return. Strict: a key the schema does not know is an error,
 * not something to pass along silently.
 */
export const Ticket = z.strictObject({
  category: z.enum(['billing', 'bug', 'feature', 'other']),
  priority: z.enum(['low', 'medium', 'high']),
  summary: z.string().min(1).max(120),
  tags: z.array(z.string()).optional(),
});

export type Ticket = z.infer<typeof Ticket>;

export type ParseResult = { ok: true; value: Ticket } | { ok: false; error: string };

/** One line per zod issue: `path: message`, the path joined with "." (e.g. `tags.1`). */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

// Wrong: from the first "{" to the last "}". Fine for one object with prose around it, but two
// objects become one invalid blob, and a truncated object is reported as invalid JSON.
export function parseTicket(raw: string): ParseResult {
  const start = raw.indexOf('{');
  const end = raw.lastIndexOf('}');
  if (start === -1) return { ok: false, error: 'no JSON object found in the output' };
  let data: unknown;
  try {
    data = JSON.parse(raw.slice(start, end + 1));
  } catch (e) {
    return { ok: false, error: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const result = Ticket.safeParse(data);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeIssues(result.error) };
}
