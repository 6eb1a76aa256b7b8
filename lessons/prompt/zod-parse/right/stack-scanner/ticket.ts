import { z } from 'zod';

// Another style: a character-class state machine that records object spans, and
// zod's flattened issues formatted by hand.
export const Ticket = z
  .object({
    category: z.enum(['billing', 'bug', 'feature', 'other']),
    priority: z.enum(['low', 'medium', 'high']),
    summary: z.string().min(1).max(120),
    tags: z.string().array().optional(),
  })
  .strict();

export type Ticket = z.infer<typeof Ticket>;
export type ParseResult = { ok: true; value: Ticket } | { ok: false; error: string };

type State = 'prose' | 'object' | 'string' | 'escape';

function spans(text: string): { found: string[]; open: boolean } {
  const found: string[] = [];
  let state: State = 'prose';
  let depth = 0;
  let from = 0;
  [...text].forEach((ch, i) => {
    switch (state) {
      case 'escape':
        state = 'string';
        break;
      case 'string':
        if (ch === '\\') state = 'escape';
        else if (ch === '"') state = 'object';
        break;
      case 'prose':
        if (ch === '{') {
          from = i;
          depth = 1;
          state = 'object';
        }
        break;
      case 'object':
        if (ch === '"') state = 'string';
        else if (ch === '{') depth += 1;
        else if (ch === '}' && --depth === 0) {
          found.push(text.slice(from, i + 1));
          state = 'prose';
        }
        break;
    }
  });
  return { found, open: state !== 'prose' };
}

export function parseTicket(raw: string): ParseResult {
  const text = String(raw ?? '');
  const { found, open } = spans(text);
  if (open) return { ok: false, error: 'truncated JSON: the output ends inside an object' };
  if (found.length !== 1) {
    return found.length === 0 ? { ok: false, error: 'no JSON object found in the output' } : { ok: false, error: `more than one JSON object in the output (found ${found.length})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(found[0]);
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
  const checked = Ticket.safeParse(json);
  if (checked.success) return { ok: true, value: checked.data };
  const lines: string[] = [];
  for (const issue of checked.error.issues) lines.push(issue.path.length > 0 ? issue.path.map(String).join('.') + ': ' + issue.message : issue.message);
  return { ok: false, error: lines.join('; ') };
}
