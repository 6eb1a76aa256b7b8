import { CheckError, type CheckHandler } from '../types';
import { outcome, show } from '../format';

/**
 * A JavaScript expression (or a function body with `return`) over `output`, `args` and, for a
 * check with a scripted server, `requests`.
 * Only ever evaluated inside the sandbox process, never in the extension host.
 */
export const javascript: CheckHandler = (spec, { output, args, requests }) => {
  if (typeof spec.value !== 'string') throw new CheckError('javascript check needs `value`: an expression as a string.');
  let result: unknown;
  try {
    result = compile(spec.value)(output, args ?? [], requests ?? []);
  } catch (e) {
    throw new CheckError(`The check's expression threw: ${e instanceof Error ? e.message : String(e)}`, show(output));
  }
  const threshold = spec.threshold ?? 1;
  if (typeof result === 'boolean') {
    return result ? outcome(true, `Holds: ${spec.value}`) : outcome(false, `Does not hold: ${spec.value}`, { actual: output });
  }
  if (typeof result === 'number') {
    const pass = Number.isFinite(result) && result >= threshold;
    return outcome(pass, `Scored ${result} (needs ${threshold}).`, { score: clamp(result), ...(pass ? {} : { actual: output }) });
  }
  if (result && typeof result === 'object' && 'pass' in result) {
    const r = result as { pass: unknown; score?: unknown; reason?: unknown };
    const pass = Boolean(r.pass);
    return outcome(pass, typeof r.reason === 'string' ? r.reason : pass ? 'Passed.' : 'Failed.', {
      score: typeof r.score === 'number' ? clamp(r.score) : pass ? 1 : 0,
      ...(pass ? {} : { actual: output }),
    });
  }
  throw new CheckError(`The check's expression returned ${JSON.stringify(result)}; expected true/false, a number, or {pass, score, reason}.`);
};

/** An expression first; a function body (statements with `return`) when it does not parse as one. */
type Compiled = (output: unknown, args: unknown[], requests: unknown[]) => unknown;

function compile(source: string): Compiled {
  try {
    return new Function('output', 'args', 'requests', `return (${source}\n);`) as Compiled;
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    return new Function('output', 'args', 'requests', source) as Compiled;
  }
}

function clamp(score: number): number {
  return Number.isFinite(score) ? Math.max(0, Math.min(1, score)) : 0;
}
