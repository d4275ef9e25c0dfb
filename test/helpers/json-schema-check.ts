/**
 * A validator for the part of JSON Schema (draft-07) that brum.schema.json uses, so a test can show that the
 * schema editors get accepts the example file and refuses what brum refuses, without a validator dependency.
 * An unknown keyword throws: a schema that grows past this subset must grow this too, not pass unchecked.
 */
type Schema = Readonly<Record<string, unknown>>;

const ANNOTATIONS = new Set(['$schema', 'title', 'description']);

/** The paths (`/processes/api/restart`) at which `value` breaks `schema`, empty when it conforms. */
export function schemaErrors(schema: Schema, value: unknown, at = ''): string[] {
  const errors: string[] = [];
  for (const [keyword, rule] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    if (!check(keyword, rule, schema, value, at, errors)) errors.push(`${at || '/'}: ${keyword}`);
  }
  return errors;
}

function check(keyword: string, rule: unknown, schema: Schema, value: unknown, at: string, errors: string[]): boolean {
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  switch (keyword) {
    case 'type':
      return (Array.isArray(rule) ? rule : [rule]).some((type) => typeOk(String(type), value));
    case 'enum':
      return (rule as unknown[]).includes(value);
    case 'const':
      return value === rule;
    case 'anyOf':
      return (rule as Schema[]).some((option) => schemaErrors(option, value, at).length === 0);
    case 'minimum':
      return typeof value !== 'number' || value >= (rule as number);
    case 'maximum':
      return typeof value !== 'number' || value <= (rule as number);
    case 'minLength':
      return typeof value !== 'string' || value.length >= (rule as number);
    case 'pattern':
      return typeof value !== 'string' || new RegExp(rule as string).test(value);
    case 'required':
      return object === null || (rule as string[]).every((key) => key in object);
    case 'items':
      if (Array.isArray(value)) value.forEach((item, i) => errors.push(...schemaErrors(rule as Schema, item, `${at}/${i}`)));
      return true;
    case 'properties':
      for (const [key, sub] of Object.entries(rule as Record<string, Schema>)) {
        if (object !== null && key in object) errors.push(...schemaErrors(sub, object[key], `${at}/${key}`));
      }
      return true;
    case 'propertyNames':
      return object === null || Object.keys(object).every((key) => schemaErrors(rule as Schema, key).length === 0);
    case 'additionalProperties': {
      if (object === null) return true;
      const known = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
      const extra = Object.keys(object).filter((key) => !known.includes(key));
      if (rule === false) return extra.length === 0;
      for (const key of extra) errors.push(...schemaErrors(rule as Schema, object[key], `${at}/${key}`));
      return true;
    }
    default:
      throw new Error(`json-schema-check does not know the keyword "${keyword}"`);
  }
}

function typeOk(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}
