import * as vscode from 'vscode';
import type { Container } from '../container';

/** Empties the on-disk cache of model responses. */
export async function clearModelCache(c: Container): Promise<number> {
  const n = await c.service.cache.clear();
  c.log.info(`Model cache cleared (${n} entries).`);
  void vscode.window.showInformationMessage(`AI Dojo: model cache cleared (${n} cached response${n === 1 ? '' : 's'}).`);
  return n;
}
