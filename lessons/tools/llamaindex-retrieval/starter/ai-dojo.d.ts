// Types for the `ai` helper that AI Dojo gives lesson code: `import { ai } from 'ai-dojo'`.
// With no model configured, `ai.embed` uses the offline model shipped with the extension.
declare module 'ai-dojo' {
  export const ai: {
    /** Embeds one text or many; returns one vector per text, in the same order. */
    embed(input: string | string[]): Promise<number[][]>;
    /** One chat completion from the configured model: a prompt string or messages. */
    chat(
      input: string | { role: 'system' | 'user' | 'assistant'; content: string }[],
      opts?: { temperature?: number; maxTokens?: number },
    ): Promise<{ text: string; usage?: unknown }>;
  };
}
