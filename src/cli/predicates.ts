/**
 * Parses the CLI's predicate strings into request predicates, typed by the schema:
 *   "birthDate ageAtLeast 18"      "nationality in DE,FR,IT"      "score between 10,20"
 *   "licenceClass eq B"            "documentNumber notIn X1,X2"    "birthDate ageBelow 65"
 */
import { InputError } from '../errors.js';
import { PREDICATE_OPS, type Predicate } from '../request.js';
import { type Schema, attributeIndex } from '../schema.js';

function typed(schema: Schema, index: number, raw: string): string | number | boolean {
  const type = schema.attributes[index]!.type;
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/** @throws {InputError} naming `--predicate` on an unknown attribute, operator or arity */
export function parsePredicate(schema: Schema, text: string): Predicate {
  const field = `--predicate "${text.slice(0, 80)}"`;
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 3) throw new InputError(field, 'expected "<attribute> <operator> <value>"');
  const [attribute, op, value] = parts as [string, string, string];
  const index = attributeIndex(schema, attribute, field);
  if (!(PREDICATE_OPS as readonly string[]).includes(op)) throw new InputError(field, `unknown operator ${op} (expected ${PREDICATE_OPS.join(', ')})`);
  const list = value.split(',').filter((v) => v !== '');
  switch (op) {
    case 'in':
    case 'notIn':
      return { attribute, op, values: list.map((v) => typed(schema, index, v)) };
    case 'between':
      if (list.length !== 2) throw new InputError(field, 'between expects "<min>,<max>"');
      return { attribute, op, min: list[0]!, max: list[1]! };
    case 'ageAtLeast':
    case 'ageBelow':
      if (!/^\d{1,3}$/.test(value)) throw new InputError(field, `${op} expects a whole number of years`);
      return { attribute, op, value: Number(value) };
    default:
      return { attribute, op: op as 'eq', value: typed(schema, index, value) };
  }
}
