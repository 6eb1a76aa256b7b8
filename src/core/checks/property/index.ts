export { runPropertyCheck, seedOf, DEFAULT_RUNS } from './runProperty';
export { propertyForRun, compareInGrader, defaultSeed } from './forRun';
export { argumentsArbitrary, arbitrariesProblem, ArbitrarySpecError } from './arbitraries';
export { compareBuiltIn, COMPARATORS, type Comparator } from './compare';
export type { Caller, CallOutcome, CompareCustom, CustomCompareInput, PropertyOptions } from './types';
