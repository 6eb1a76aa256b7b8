/// <reference path="./ai-dojo.d.ts" />
// Mistake: chunks of 24 tokens cut every article into pieces that lose their context.
import { ai } from 'ai-dojo';
import {
  BaseEmbedding,
  Document,
  MetadataMode,
  SentenceSplitter,
  Settings,
  VectorStoreIndex,
  getResponseSynthesizer,
  type NodeWithScore,
} from 'llamaindex';
import { OpenAI } from '@llamaindex/openai';

export interface Doc {
  id: string;
  title: string;
  body: string;
}

/** One retrieved chunk, as the rest of the app sees it. */
export interface Source {
  /** The id of the corpus document the chunk came from (`Doc.id`). */
  docId: string;
  /** The chunk's node id in the index. */
  nodeId: string;
  /** The chunk's own text, without metadata. */
  text: string;
  /** The retriever's similarity score. */
  score: number;
}

export interface Answer {
  /** The model's answer. */
  answer: string;
  /** The chunks the model was given to write it, best first. */
  sources: Source[];
}

export interface AnswerOptions {
  /** The OpenAI-compatible endpoint, e.g. `http://127.0.0.1:PORT/v1`. */
  baseUrl: string;
  /** Chat model name; default `gpt-4o-mini`. */
  model?: string;
  /** API key; default `sk-test` (the lesson's server accepts any). */
  apiKey?: string;
  /** How many chunks the model sees; default 3. */
  k?: number;
}

/** Chunk size in tokens: every article of the corpus fits in one chunk. */
export const CHUNK_SIZE = 24;
export const CHUNK_OVERLAP = 0;

/**
 * LlamaIndex's embedding interface backed by `ai.embed` (the offline model that ships with
 * AI Dojo): real semantic vectors, no key, no network.
 */
export class DojoEmbedding extends BaseEmbedding {
  // BaseEmbedding's constructor is protected: a public one makes `new DojoEmbedding()` possible.
  constructor() {
    super();
  }

  // A class field, not a method: BaseEmbedding assigns its own one-text-at-a-time
  // getTextEmbeddings in its constructor, which would hide a method of the same name.
  getTextEmbeddings = async (texts: string[]): Promise<number[][]> => ai.embed(texts);

  async getTextEmbedding(text: string): Promise<number[]> {
    const [vector] = await ai.embed(text);
    return vector;
  }
}

/** One LlamaIndex Document per article: the body as text, the title as metadata, the doc id as id_. */
export function toDocuments(docs: Doc[]): Document[] {
  return docs.map((d) => new Document({ id_: d.id, text: d.body, metadata: { title: d.title } }));
}

/**
 * Splits the articles into chunks and embeds them into an in-memory VectorStoreIndex. Nothing is
 * set on the global `Settings`: the splitter is called directly, and the embedding model is
 * scoped to this call with `Settings.withEmbedModel`.
 */
export async function buildIndex(docs: Doc[]): Promise<VectorStoreIndex> {
  const splitter = new SentenceSplitter({ chunkSize: CHUNK_SIZE, chunkOverlap: CHUNK_OVERLAP });
  const nodes = splitter.getNodesFromDocuments(toDocuments(docs));
  // The index and its vector store take the embedding model when they are created, so the
  // scope only has to cover init(); queries later use the model the store holds.
  return Settings.withEmbedModel(new DojoEmbedding(), () => VectorStoreIndex.init({ nodes }));
}

/** A retrieved node as a Source: the document id comes from the node's SOURCE relationship. */
function toSource(n: NodeWithScore): Source {
  return {
    docId: n.node.sourceNode?.nodeId ?? '',
    nodeId: n.node.id_,
    text: n.node.getContent(MetadataMode.NONE),
    score: n.score ?? 0,
  };
}

/** The k chunks most similar to the question, best first; k <= 0 returns []. */
export async function retrieve(index: VectorStoreIndex, question: string, k: number): Promise<Source[]> {
  if (k <= 0) return [];
  const nodes = await index.asRetriever({ similarityTopK: k }).retrieve({ query: question });
  return nodes.map(toSource);
}

/**
 * Retrieves the top k chunks, has the model at `opts.baseUrl` answer from them, and returns the
 * answer with the chunks the model was actually given.
 */
export async function answer(index: VectorStoreIndex, question: string, opts: AnswerOptions): Promise<Answer> {
  // Every setting explicit: with no baseURL the client would call api.openai.com, and with
  // no apiKey it would read OPENAI_API_KEY from the environment.
  const llm = new OpenAI({
    model: opts.model ?? 'gpt-4o-mini',
    apiKey: opts.apiKey ?? 'sk-test',
    baseURL: opts.baseUrl,
    temperature: 0,
    maxRetries: 0,
  });
  const engine = index.asQueryEngine({
    similarityTopK: opts.k ?? 3,
    responseSynthesizer: getResponseSynthesizer('compact', { llm }),
  });
  const response = await engine.query({ query: question });
  // sourceNodes are the nodes the synthesizer put in the prompt: cite those, not a second retrieval.
  return { answer: response.toString(), sources: (response.sourceNodes ?? []).map(toSource) };
}
