import { toJSONSchema } from 'zod/mini';
import { BrumFileSchema } from './brum-file-schema';

/**
 * The JSON Schema of brum.yaml for editors, made from the schema the loader validates with, so the two cannot say
 * different things. schema/brum.schema.json is this, checked in (a test keeps them equal). Its own module so that
 * the generator stays out of the bundle: only tests and tooling call it. Draft-07, which every YAML editor reads.
 */
export function brumFileJsonSchema(): Record<string, unknown> {
  return toJSONSchema(BrumFileSchema, { target: 'draft-07', io: 'input' }) as Record<string, unknown>;
}
