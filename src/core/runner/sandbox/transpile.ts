import { transform } from 'sucrase';
import { transpileError } from './loadError';

/**
 * TypeScript / ES module source to CommonJS. Sucrase is pure JS (one VSIX for every OS) and
 * strips types without type-checking: the editor shows type errors, the checks show behaviour.
 */
export function toCommonJs(source: string, filePath: string): string {
  const transforms: ('typescript' | 'imports')[] = /\.[mc]?tsx?$/.test(filePath) ? ['typescript', 'imports'] : ['imports'];
  try {
    return transform(source, { transforms, filePath, production: true }).code;
  } catch (e) {
    throw transpileError(e, filePath, source);
  }
}
