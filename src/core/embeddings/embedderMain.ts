// Runs in its own process (forked by OfflineEmbedder): the Universal Sentence Encoder lite
// (512-d, Apache-2.0) from @energetic-ai on TensorFlow.js's WebAssembly backend, so it runs on
// every OS with no native binary and keeps the editor's thread free while it computes.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@energetic-ai/core';
import { initModel, type EmbeddingsModel } from '@energetic-ai/embeddings';

export interface EmbedderRequest {
  id: number;
  texts: string[];
}
export type EmbedderReply = { id: number; vectors: number[][] } | { id: number; error: string };

// Re-exported from @tensorflow/tfjs-converter, whose types the package does not ship.
const { loadGraphModel } = tf as unknown as { loadGraphModel(url: string): Promise<never> };
const modelDir = process.argv[2] ?? '';
let model: Promise<EmbeddingsModel> | undefined;

function load(): Promise<EmbeddingsModel> {
  model ??= initModel(async () => {
    const [graph, vocabulary] = await Promise.all([
      // The loader strips "file://" and reads the rest as a plain path (not a URL: no %20 decoding).
      loadGraphModel(`file://${path.join(modelDir, 'model.json')}`),
      readFile(path.join(modelDir, 'vocab.json'), 'utf8').then((t) => JSON.parse(t) as never),
    ]);
    return { model: graph, vocabulary };
  });
  return model;
}

process.on('message', (req: EmbedderRequest) => {
  void load()
    .then((m) => m.embed(req.texts))
    .then(
      (vectors) => process.send?.({ id: req.id, vectors } satisfies EmbedderReply),
      (e: unknown) => process.send?.({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies EmbedderReply),
    );
});
process.once('disconnect', () => process.exit(0));
