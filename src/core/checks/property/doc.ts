// What authors read about property checks while typing lesson.json (the JSON Schema's
// descriptions). Kept apart from the fast-check code so the schema does not load it.

export const ARBITRARIES_DOC = [
  'property: how to generate the arguments, as JSON (inline, or {"$fixture": "fixtures/x.arbs.json"}).',
  'A list with one arbitrary per argument, e.g. [{"string": {"maxLength": 40}}, {"integer": {"min": 1, "max": 10}}], or one let/tuple/array/oneof that generates the whole list.',
  'Arbitraries (one key each): "boolean" | "integer" | "nat" | "float" | "double" | "string" (a name alone: defaults);',
  'a number, true/false or null: that value; {"constant": v}; {"constantFrom": [a, b]};',
  '{"integer": {min, max}}; {"nat": {max}}; {"float"/"double": {min, max, noNaN (default true), noInfinity (default true)}} (-0 comes out as 0);',
  '{"string": {minLength, maxLength, length, unit: "grapheme" | "grapheme-composite" | "grapheme-ascii" | "ascii" | "binary" | "binary-ascii", chars: "ab \\n" (only these characters)}};',
  '{"words": {from: ["alpha", "beta"], minWords, maxWords, separator (default " ")}}: a text built from a pool of words;',
  '{"stringOf": {of: arbitrary, minLength, maxLength, separator (default "")}}: generated parts joined;',
  '{"array": {of: arbitrary, minLength, maxLength, length, unique}}; {"tuple": [a, b]}; a plain list is a tuple;',
  '{"record": {field: arbitrary, other: {"optional": arbitrary}}} (an optional field is sometimes absent);',
  '{"dictionary": {keys (default any string), values, minKeys, maxKeys}};',
  '{"option": a} / {"nullable": a}: a or null; {"optional": a}: a or undefined; {"oneof": [a, b]};',
  '{"let": {"dim": {"integer": {"min": 1, "max": 8}}}, "in": …}: draws "dim" first; inside "in", {"ref": "dim"} is its value, also as a number option,',
  'e.g. vectors of one dimension: {"let": {"dim": …}, "in": [{"array": {"of": "double", "length": {"ref": "dim"}}}, {"array": {"of": {"array": {"of": "double", "length": {"ref": "dim"}}}}}]}.',
].join(' ');

export const COMPARE_DOC =
  'property: how the learner\'s result must relate to the reference\'s for the same arguments. deep-equal (default): structurally equal; ' +
  'approx: equal with numbers within `tolerance`; same-set: the same elements, in any order (multiplicity counts); ' +
  'javascript: `value` is an expression over actual, expected and args that returns true/false, a number (>= threshold) or {pass, reason}. ' +
  'A throw on both sides agrees; a throw on one side only is a counterexample.';
