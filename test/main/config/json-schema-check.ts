/**
 * A small JSON Schema checker for the keywords the generated alerting schema uses, so a test can
 * validate documents against it without a validator dependency. Not a general validator:
 * `format` is not checked and `$ref` only resolves `#/$defs/...`.
 */
type Schema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value);
  return typeOf(value) === type;
}

/** Problems of `value` against `schema`, each as `path: what`; none when it validates. */
export function checkJsonSchema(root: Schema, value: unknown): string[] {
  const problems: string[] = [];

  function check(schema: Schema, item: unknown, path: string): void {
    const fail = (what: string) => problems.push(`${path || '(root)'}: ${what}`);
    const ref = schema.$ref;
    if (typeof ref === 'string') {
      const name = ref.replace('#/$defs/', '');
      const defs = root.$defs as Record<string, Schema>;
      check(defs[name] ?? {}, item, path);
    }

    if (typeof schema.type === 'string' && !hasType(item, schema.type)) {
      return void fail(`expected ${schema.type}, got ${typeOf(item)}`);
    }
    if ('const' in schema && item !== schema.const)
      fail(`expected ${JSON.stringify(schema.const)}`);
    if (Array.isArray(schema.enum) && !schema.enum.includes(item)) fail('not one of the enum');
    for (const key of ['anyOf', 'oneOf'] as const) {
      const options = schema[key] as Schema[] | undefined;
      if (!options) continue;
      const passing = options.filter(
        (option) => checkJsonSchema({ $defs: root.$defs, ...option }, item).length === 0,
      );
      if (key === 'anyOf' ? passing.length === 0 : passing.length !== 1) {
        fail(`${key} matched ${passing.length} of ${options.length}`);
      }
    }

    if (typeof item === 'string') {
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(item)) {
        fail(`does not match ${schema.pattern}`);
      }
      if (typeof schema.minLength === 'number' && item.length < schema.minLength) fail('too short');
      if (typeof schema.maxLength === 'number' && item.length > schema.maxLength) fail('too long');
    }
    if (typeof item === 'number') {
      if (typeof schema.minimum === 'number' && item < schema.minimum) fail('below minimum');
      if (typeof schema.maximum === 'number' && item > schema.maximum) fail('above maximum');
      const floor = schema.exclusiveMinimum;
      if (typeof floor === 'number' && item <= floor) fail('not above exclusiveMinimum');
    }
    if (Array.isArray(item)) {
      if (typeof schema.minItems === 'number' && item.length < schema.minItems) fail('too few');
      if (typeof schema.maxItems === 'number' && item.length > schema.maxItems) fail('too many');
      const items = schema.items as Schema | undefined;
      if (items) item.forEach((element, i) => check(items, element, `${path}[${i}]`));
    }
    if (typeOf(item) === 'object') checkObject(schema, item as Record<string, unknown>, path, fail);
  }

  function checkObject(
    schema: Schema,
    item: Record<string, unknown>,
    path: string,
    fail: (what: string) => void,
  ): void {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in item)) fail(`missing required ${name}`);
    }
    for (const [name, element] of Object.entries(item)) {
      const where = path ? `${path}.${name}` : name;
      const names = schema.propertyNames as Schema | undefined;
      if (names) check(names, name, where);
      const known = properties[name];
      const extra = schema.additionalProperties;
      if (known) check(known, element, where);
      else if (extra === false) fail(`unknown key ${name}`);
      else if (extra && typeof extra === 'object') check(extra as Schema, element, where);
    }
  }

  check(root, value, '');
  return problems;
}
