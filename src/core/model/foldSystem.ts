import type { ChatMessage } from './types';

/**
 * For APIs with only user and assistant turns (VS Code's Language Model API): the system prompt
 * leads the first user turn, separated by a blank line.
 */
export function foldSystem(messages: ChatMessage[]): ChatMessage[] {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const rest = messages.filter((m) => m.role !== 'system');
  if (!system) return rest;
  const i = rest.findIndex((m) => m.role === 'user');
  if (i < 0) return [{ role: 'user', content: system }, ...rest];
  return rest.map((m, j) => (j === i ? { ...m, content: `${system}\n\n${m.content}` } : m));
}
