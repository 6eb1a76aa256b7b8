import * as z from 'zod/mini';
import { lessonSchema, packSchema } from './schema';

/** JSON Schemas for authors' editors (contributed with `jsonValidation`); written at build time. */
export function jsonSchemas(): Record<string, unknown> {
  return {
    lesson: { title: 'AI Dojo lesson manifest', ...z.toJSONSchema(lessonSchema, { io: 'input', target: 'draft-7' }) },
    pack: { title: 'AI Dojo lesson pack manifest', ...z.toJSONSchema(packSchema, { io: 'input', target: 'draft-7' }) },
  };
}
