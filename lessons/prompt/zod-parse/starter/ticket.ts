import { z } from 'zod';

/**
 * The ticket the model must return (see README.md for the fields):
 * category, priority, summary (1-120 characters) and optional tags. No other keys.
 */
export const Ticket = z.object({
  // TODO: the four fields
});

export type Ticket = z.infer<typeof Ticket>;

export type ParseResult = { ok: true; value: Ticket } | { ok: false; error: string };

/**
 * Turns a raw model output into a validated ticket.
 *
 * - Finds the one JSON object in `raw`, whatever prose or code fence surrounds it.
 * - Parses it and validates it with `Ticket`.
 * - Returns `{ ok: true, value }`, or `{ ok: false, error }` with an error that names the
 *   field (`priority: ...`). Never throws.
 */
export function parseTicket(raw: string): ParseResult {
  throw new Error('TODO: implement parseTicket()');
}
