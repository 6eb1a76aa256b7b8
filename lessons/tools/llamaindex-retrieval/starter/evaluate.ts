/// <reference path="./ai-dojo.d.ts" />
// Provided: you do not need to edit this file. The checks call these functions, which call
// yours in retrieval.ts. recallAtK logs every question it misses.
import { ai } from 'ai-dojo';
import { Document, MetadataMode, Settings, type VectorStoreIndex } from 'llamaindex';
import { answer, buildIndex, retrieve, type Answer, type AnswerOptions, type Doc, type Source } from './retrieval';

export interface GoldQuestion {
  question: string;
  /** Ids of the documents that answer the question. */
  relevant: string[];
}

// This lesson runs offline: a request to any host but this machine is refused here, so a
// client left on its default URL (api.openai.com) fails at once, with the address it tried.
const blocked: string[] = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    blocked.push(url.origin);
    return Promise.reject(new Error(`Blocked a request to ${url.origin}: this lesson runs offline.`));
  }
  return realFetch(input, init);
};

// The global settings as they are before any lesson code runs (nodeParser is created lazily).
const defaultNodeParser = Settings.nodeParser;
const defaultChunkSize = Settings.chunkSize;

/** Which global LlamaIndex settings are set: none should be, whatever ran before. */
function globalSettingsInUse(): string[] {
  const set: string[] = [];
  // Reading Settings.llm or Settings.embedModel throws ("Cannot find LLM") when it is not set.
  const isSet = (read: () => unknown) => {
    try {
      return read() !== undefined;
    } catch {
      return false;
    }
  };
  if (isSet(() => Settings.llm)) set.push('Settings.llm');
  if (isSet(() => Settings.embedModel)) set.push('Settings.embedModel');
  if (Settings.nodeParser !== defaultNodeParser) set.push('Settings.nodeParser');
  if (Settings.chunkSize !== defaultChunkSize) set.push('Settings.chunkSize');
  if (Settings.chunkOverlap !== undefined) set.push('Settings.chunkOverlap');
  return set;
}

// The same corpus is indexed once per run, not once per check.
const built = new Map<string, Promise<VectorStoreIndex>>();
function indexFor(docs: Doc[]): Promise<VectorStoreIndex> {
  const key = JSON.stringify(docs);
  let index = built.get(key);
  if (!index) {
    index = buildIndex(docs);
    built.set(key, index);
  }
  return index;
}

/** Mean recall@k over the gold questions: the share of each question's relevant docs among the top k chunks' documents. */
export async function recallAtK(docs: Doc[], gold: GoldQuestion[], k: number): Promise<number> {
  const index = await indexFor(docs);
  let total = 0;
  for (const g of gold) {
    const ids = (await retrieve(index, g.question, k)).map((s) => s.docId);
    const found = g.relevant.filter((id) => ids.includes(id)).length;
    total += found / g.relevant.length;
    if (found < g.relevant.length) console.log(`missed: "${g.question}" wants ${g.relevant.join(', ')}; top ${k}: ${ids.join(', ') || '(nothing)'}`);
  }
  return gold.length ? total / gold.length : 0;
}

/** The document ids of the top k chunks for one question. */
export async function topDocIds(docs: Doc[], question: string, k: number): Promise<string[]> {
  return (await retrieve(await indexFor(docs), question, k)).map((s) => s.docId);
}

/** The top k chunks for one question, as retrieve() returns them. */
export async function sources(docs: Doc[], question: string, k: number): Promise<Source[]> {
  return retrieve(await indexFor(docs), question, k);
}

/** Every chunk the index holds, as the index itself stores it. */
async function chunksOf(index: VectorStoreIndex): Promise<{ nodeId: string; docId: string; text: string }[]> {
  const stored = Object.values(await index.docStore.docs()).filter((n) => !(n instanceof Document));
  return stored.map((n) => ({ nodeId: n.id_, docId: n.sourceNode?.nodeId ?? '', text: n.getContent(MetadataMode.NONE) }));
}

/** retrieve()'s sources next to the chunks the index holds, to check one against the other. */
export async function citationAudit(docs: Doc[], question: string, k: number): Promise<{ sources: Source[]; chunks: { nodeId: string; docId: string; text: string }[] }> {
  const index = await indexFor(docs);
  return { sources: await retrieve(index, question, k), chunks: await chunksOf(index) };
}

/** How many chunks the index holds. */
export async function indexSize(docs: Doc[]): Promise<number> {
  return (await chunksOf(await indexFor(docs))).length;
}

/** Runs fn; a request that tried to leave this machine meanwhile is the error to report. */
async function offline<T>(opts: AnswerOptions, fn: () => Promise<T>): Promise<T> {
  const before = blocked.length;
  let result: T;
  try {
    result = await fn();
  } catch (e) {
    if (blocked.length > before) throw new Error(tried(opts));
    throw e;
  }
  if (blocked.length > before) throw new Error(tried(opts));
  return result;
}

function tried(opts: AnswerOptions): string {
  return `The code tried to reach ${blocked[blocked.length - 1]}; the model for this lesson is at opts.baseUrl (${opts.baseUrl}). Pass it to the client as baseURL.`;
}

/** answer() on the corpus's index. */
export async function ask(docs: Doc[], question: string, opts: AnswerOptions): Promise<Answer> {
  return offline(opts, async () => answer(await indexFor(docs), question, opts));
}

/** Builds a fresh index and answers once, then lists the global settings left set. */
export async function globalsAfterAnswer(docs: Doc[], question: string, opts: AnswerOptions): Promise<string[]> {
  return offline(opts, async () => {
    const index = await buildIndex(docs);
    await retrieve(index, question, 3);
    await answer(index, question, opts);
    return globalSettingsInUse();
  });
}

/** How many times buildIndex() calls ai.embed for one corpus, and for how many texts in all (a fresh build, not the cached one). */
export async function embedCallsToBuild(docs: Doc[]): Promise<{ calls: number; texts: number }> {
  const original = ai.embed;
  let calls = 0;
  let texts = 0;
  ai.embed = (input) => {
    calls++;
    texts += Array.isArray(input) ? input.length : 1;
    return original.call(ai, input);
  };
  try {
    await buildIndex(docs);
  } finally {
    ai.embed = original;
  }
  return { calls, texts };
}
