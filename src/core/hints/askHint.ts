// Asks the model for a hint and streams it through the leak guard. A reply that begins to repeat
// the reference is stopped, discarded and asked again; if the retry does the same, the hint is
// withheld rather than shown.
import type { ChatMessage, ModelClient, Usage } from '../model/types';
import { estimatePromptTokens } from '../runner/spend';
import { HINT_LIMITS, RETRY_NOTE } from './hintPrompt';
import { LeakGuard } from './leakGuard';

export interface AskHintOptions {
  client: ModelClient;
  model: string;
  messages: ChatMessage[];
  /** Reference lines the reply must not repeat (`guardedLines`). */
  guard: readonly string[];
  temperature?: number;
  signal?: AbortSignal;
  /** The hint so far, as the learner may see it (called as it grows). */
  onText?(text: string): void;
  /** A reply began to repeat the reference and was discarded; `attempt` is the one starting now. */
  onRetry?(attempt: number): void;
  /** The cost of a call, or undefined when the model's price is not known. */
  price?(usage: Usage): number | undefined;
  /** Replies asked for at most (default 2: the first and one retry). */
  maxAttempts?: number;
}

export interface HintResult {
  /** `withheld`: every reply repeated the reference, so none is shown. */
  status: 'ok' | 'withheld';
  text: string;
  attempts: number;
  usage: Usage;
  /** Part of `usage` is estimated: a stopped reply ends before the provider reports its usage. */
  estimated: boolean;
  /** Undefined when some call's price is not known. */
  costUsd?: number;
}

/** Thrown from the stream's callback to stop a reply at the first repeated line. */
class LeakFound {
  constructor(readonly line: string) {}
}

type Attempt = { leak: string; usage: Usage } | { leak?: undefined; text: string; usage: Usage; estimated: boolean };

export async function askHint(o: AskHintOptions): Promise<HintResult> {
  const maxAttempts = Math.max(1, o.maxAttempts ?? 2);
  const total: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  let estimated = false;
  let costUsd: number | undefined = 0;
  let messages = o.messages;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) o.onRetry?.(attempt);
    const r = await oneReply(o, messages);
    addUsage(total, r.usage);
    const cost = o.price?.(r.usage);
    costUsd = cost === undefined || costUsd === undefined ? undefined : costUsd + cost;
    if (r.leak === undefined) {
      estimated ||= r.estimated;
      return { status: 'ok', text: r.text, attempts: attempt, usage: total, estimated, ...(costUsd !== undefined ? { costUsd } : {}) };
    }
    estimated = true;
    if (attempt >= maxAttempts) return { status: 'withheld', text: '', attempts: attempt, usage: total, estimated, ...(costUsd !== undefined ? { costUsd } : {}) };
    messages = [...o.messages, { role: 'user', content: RETRY_NOTE }];
  }
}

async function oneReply(o: AskHintOptions, messages: ChatMessage[]): Promise<Attempt> {
  const guard = new LeakGuard(o.guard);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) stop.abort();
  const show = (step: ReturnType<LeakGuard['push']>) => {
    if (step.leak !== undefined) throw new LeakFound(step.leak);
    if (step.release) o.onText?.(guard.shown);
  };
  try {
    const r = await o.client.chat({
      model: o.model,
      messages,
      temperature: o.temperature,
      maxTokens: HINT_LIMITS.replyTokens,
      stream: true,
      signal: stop.signal,
      onDelta: (d) => show(guard.push(d)),
    });
    show(guard.finish());
    return { text: guard.shown.trim(), usage: r.usage ?? estimateUsage(messages, guard.received), estimated: !r.usage };
  } catch (e) {
    if (e instanceof LeakFound) return { leak: e.line, usage: estimateUsage(messages, guard.received) };
    throw e;
  } finally {
    stop.abort(); // ends a reply stopped mid-stream
    o.signal?.removeEventListener('abort', onAbort);
  }
}

function estimateUsage(messages: ChatMessage[], reply: string): Usage {
  const promptTokens = estimatePromptTokens(messages);
  const completionTokens = Math.ceil(reply.length / 4);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

function addUsage(to: Usage, u: Usage): void {
  to.promptTokens += u.promptTokens;
  to.completionTokens += u.completionTokens;
  to.totalTokens += u.totalTokens;
}
