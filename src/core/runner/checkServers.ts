// Checks that declare a `server` get a scripted OpenAI-compatible server of their own on
// 127.0.0.1, so the learner's real HTTP/SDK code is exercised deterministically, with no key.
// One server per check: checks cannot see each other's requests, and a late request from one
// check cannot consume another's scripted replies.
import type { CheckSpec } from '../lessons/schema';
import { startScriptedServer, type ScriptedReply, type ScriptedServer } from '../model/scriptedServer';

export interface CheckServers {
  /** The specs with `{"$server": "baseUrl" | "url"}` in their args replaced by the server's address. */
  specs: CheckSpec[];
  /** Per check: its server's URL, or null. */
  urls: (string | null)[];
  close(): Promise<void>;
}

export async function startCheckServers(specs: CheckSpec[]): Promise<CheckServers> {
  const servers: (ScriptedServer | null)[] = [];
  try {
    for (const spec of specs) {
      servers.push(spec.server ? await startScriptedServer({ acceptAnyModel: true, embeddingDim: 256, reply: spec.server as ScriptedReply[] }) : null);
    }
  } catch (e) {
    await Promise.all(servers.map((s) => s?.close()));
    throw e;
  }
  return {
    specs: specs.map((spec, i) => {
      const server = servers[i];
      return server && spec.args ? { ...spec, args: withServer(spec.args, server) as unknown[] } : spec;
    }),
    urls: servers.map((s) => s?.url ?? null),
    close: async () => {
      await Promise.all(servers.map((s) => s?.close()));
    },
  };
}

function withServer(value: unknown, server: ScriptedServer): unknown {
  if (Array.isArray(value)) return value.map((v) => withServer(v, server));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && entries[0][0] === '$server') return entries[0][1] === 'url' ? server.url : server.baseUrl;
    return Object.fromEntries(entries.map(([k, v]) => [k, withServer(v, server)]));
  }
  return value;
}
