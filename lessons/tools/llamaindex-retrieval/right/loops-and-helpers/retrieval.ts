/// <reference path="./ai-dojo.d.ts" />
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
export const CHUNK_SIZE = 256;
export const CHUNK_OVERLAP = 32;

/** LlamaIndex embeddings from ai.embed: one text, or a whole batch in a single call. */
export class DojoEmbedding extends BaseEmbedding {
  constructor() {
    super();
  }

  // Must be a field: the base constructor assigns a one-by-one getTextEmbeddings that would
  // shadow a method.
  getTextEmbeddings = async (texts: string[]): Promise<number[][]> => {
    const vectors = await ai.embed(texts);
    return vectors;
  };

  async getTextEmbedding(text: string): Promise<number[]> {
    const vectors = await this.getTextEmbeddings([text]);
    return vectors[0];
  }
}

export function toDocuments(docs: Doc[]): Document[] {
  const documents: Document[] = [];
  for (const { id, title, body } of docs) {
    documents.push(new Document({ id_: id, text: body, metadata: { title } }));
  }
  return documents;
}

function splitIntoChunks(docs: Doc[]) {
  const splitter = new SentenceSplitter({ chunkSize: CHUNK_SIZE, chunkOverlap: CHUNK_OVERLAP });
  return splitter.getNodesFromDocuments(toDocuments(docs));
}

export async function buildIndex(docs: Doc[]): Promise<VectorStoreIndex> {
  const nodes = splitIntoChunks(docs);
  // Scoped, not assigned: Settings.embedModel would be shared by the whole process.
  const index = await Settings.withEmbedModel(new DojoEmbedding(), () => VectorStoreIndex.init({ nodes }));
  return index;
}

function sourcesOf(nodes: NodeWithScore[]): Source[] {
  const sources: Source[] = [];
  for (const { node, score } of nodes) {
    const parent = node.sourceNode;
    sources.push({
      docId: parent ? parent.nodeId : '',
      nodeId: node.id_,
      text: node.getContent(MetadataMode.NONE),
      score: score ?? 0,
    });
  }
  return sources;
}

export async function retrieve(index: VectorStoreIndex, question: string, k: number): Promise<Source[]> {
  if (!(k > 0)) return [];
  const retriever = index.asRetriever({ similarityTopK: k });
  const hits = await retriever.retrieve({ query: question });
  return sourcesOf(hits);
}

function chatModel(opts: AnswerOptions): OpenAI {
  return new OpenAI({
    baseURL: opts.baseUrl,
    apiKey: opts.apiKey ?? 'sk-test',
    model: opts.model ?? 'gpt-4o-mini',
    maxRetries: 0,
    temperature: 0,
  });
}

export async function answer(index: VectorStoreIndex, question: string, opts: AnswerOptions): Promise<Answer> {
  const responseSynthesizer = getResponseSynthesizer('compact', { llm: chatModel(opts) });
  const similarityTopK = opts.k ?? 3;
  const response = await index.asQueryEngine({ similarityTopK, responseSynthesizer }).query({ query: question });
  // The sources are what the synthesizer put in the prompt, so each citation is text the model read.
  const used = response.sourceNodes ?? [];
  return { answer: String(response), sources: sourcesOf(used) };
}
