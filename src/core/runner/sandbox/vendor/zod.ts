// zod for learner code (`import { z } from 'zod'`), bundled on its own so that the sandbox
// loads it only when a lesson imports it.
export * from 'zod';
export { z as default } from 'zod';
