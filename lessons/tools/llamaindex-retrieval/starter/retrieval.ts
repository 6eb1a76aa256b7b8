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

/**
 * LlamaIndex's embedding interface backed by `ai.embed` (the offline model that ships with
 * AI Dojo): real semantic vectors, no key, no network. Embeds a batch of texts in one call.
 */
export class DojoEmbedding extends BaseEmbedding {
  constructor() {
    super();
  }

  async getTextEmbedding(text: string): Promise<number[]> {
    throw new Error('TODO: implement DojoEmbedding (getTextEmbedding and a batched getTextEmbeddings)');
  }
}

/** One LlamaIndex Document per article: the body as text, the title as metadata, the doc id as id_. */
export function toDocuments(docs: Doc[]): Document[] {
  throw new Error('TODO: implement toDocuments()');
}

/**
 * Splits the articles into chunks (SentenceSplitter, CHUNK_SIZE, CHUNK_OVERLAP) and embeds them
 * with DojoEmbedding into an in-memory VectorStoreIndex, without setting anything on the
 * global `Settings`.
 */
export async function buildIndex(docs: Doc[]): Promise<VectorStoreIndex> {
  throw new Error('TODO: implement buildIndex()');
}

/** The k chunks most similar to the question, best first, as Sources; k <= 0 returns []. */
export async function retrieve(index: VectorStoreIndex, question: string, k: number): Promise<Source[]> {
  throw new Error('TODO: implement retrieve()');
}

/**
 * Retrieves the top `opts.k` chunks (default 3), has the model at `opts.baseUrl` answer from
 * them through a query engine, and returns the answer with the chunks the model was given.
 */
export async function answer(index: VectorStoreIndex, question: string, opts: AnswerOptions): Promise<Answer> {
  throw new Error('TODO: implement answer()');
}
