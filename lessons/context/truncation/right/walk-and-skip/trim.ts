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

  const end = lastUser < 0 ? messages.length : lastUser;
  let total = messages.reduce((sum, m) => sum + messageTokens(m), 0);
  let cut = 0; // messages before `cut` (other than system) are dropped
  while (total > limit && cut < end) {
    const m = messages[cut];
    if (m.role === 'system') {
      cut++;
      continue;
    }
    // Drop this message, and if it is a tool call, the tool results that answer it.
    let stop = cut + 1;
    if (m.role === 'assistant' && m.tool_calls?.length) {
      const ids = m.tool_calls.map((c) => c.id);
      while (stop < messages.length) {
        const next = messages[stop];
        if (next.role !== 'tool' || !ids.includes(next.tool_call_id)) break;
        stop++;
      }
    }
    for (let i = cut; i < stop; i++) total -= messageTokens(messages[i]);
    cut = stop;
  }
  if (total > limit) {
    throw new Error(`only the system messages and the current turn are left, and they need ${total} tokens: over the limit of ${limit}`);
  }
  return messages.filter((m, i) => i >= cut || m.role === 'system');
}
