import type { BaseCheckKind } from './kinds/names';
import type { CheckHandler } from './types';
import { equals } from './kinds/equals';
import { approx } from './kinds/approx';
import { javascript } from './kinds/javascript';
import { throws } from './kinds/throws';
import { contains, containsAll, containsAny, icontains } from './kinds/contains';
import { regex, startsWith } from './kinds/regex';
import { isJson, jsonSchema } from './kinds/json';
import { length, wordCount } from './kinds/length';

/** One pure handler per kind. A new kind is a handler here plus its name in kinds/names.ts. */
export const checkRegistry: Record<BaseCheckKind, CheckHandler> = {
  equals,
  approx,
  javascript,
  throws,
  contains,
  icontains,
  'contains-any': containsAny,
  'contains-all': containsAll,
  regex,
  'starts-with': startsWith,
  'is-json': isJson,
  'json-schema': jsonSchema,
  length,
  'word-count': wordCount,
};
