// What every ai-dojo command line does the same way: walking its arguments, and answering a
// parse error or --help with the usage.

/** argv from `start`, each argument with a reader for the one after it (which throws "<arg> needs a value."). */
export function* argsOf(argv: string[], start = 0): Generator<{ arg: string; value: () => string }> {
  for (let i = start; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value.`);
      return v;
    };
    yield { arg, value };
  }
}

/** Prints the parse error (none for --help) and the usage; returns the exit code: 2 after an error, else 0. */
export function usageExit(problem: string, usage: string, io: { err(line: string): void }): number {
  if (problem) io.err(problem);
  io.err(usage);
  return problem ? 2 : 0;
}
