// The host's side of a panel message: parse it, or say in one log line what was dropped. Never throws.
import { webviewToHostSchema, type WebviewToHost } from './messages';

/**
 * A short text of any value for a log line. JSON.stringify throws on a BigInt, a cycle, a
 * throwing getter or deep nesting; a log line must never take the handler down with it.
 */
export function previewValue(value: unknown, max = 200): string {
  let text: string;
  try {
    const seen = new WeakSet<object>();
    text =
      JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === 'bigint') return `${v}n`;
        if (v !== null && typeof v === 'object') {
          if (seen.has(v)) return '[seen above]'; // a cycle, or a shared part
          seen.add(v);
        }
        return v;
      }) ?? describe(value);
  } catch (e) {
    text = `${describe(value)} (not shown: ${e instanceof Error ? e.name : 'error'})`;
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** What a value is, without reading into it (it may be a Proxy that throws). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'symbol' || typeof value === 'function') return `a ${typeof value}`;
  if (typeof value !== 'object') return String(value);
  try {
    return Array.isArray(value) ? 'an array' : 'an object';
  } catch {
    return 'an object'; // a revoked Proxy throws even here
  }
}

export type Inbound = { ok: true; message: WebviewToHost } | { ok: false; log: string };

/** A message from the panel, or the log line for one that is dropped. */
export function parseInbound(raw: unknown): Inbound {
  try {
    const parsed = webviewToHostSchema.safeParse(raw);
    if (parsed.success) return { ok: true, message: parsed.data };
  } catch {
    // A value whose getters throw: malformed like any other.
  }
  return { ok: false, log: `Ignored a malformed message from the lesson panel: ${previewValue(raw)}` };
}
