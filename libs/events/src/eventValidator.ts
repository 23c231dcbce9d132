// Compiled (JIT) validators, one per event type, built on first use so a service
// only pays for the types it touches.
import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';
import type { Validator } from 'typebox/compile';
import { EVENT_SCHEMAS } from './registry.ts';
import type { RoomsEventType } from './registry.ts';

const validators = new Map<RoomsEventType, Validator>();

export function eventValidator(type: RoomsEventType): Validator {
  let validator = validators.get(type);
  if (!validator) {
    validator = Compile<TSchema>(EVENT_SCHEMAS[type]);
    validators.set(type, validator);
  }
  return validator;
}

export type ValidationIssue = { path: string; message: string };

/** The validation issues of `value` against the schema of `type` (empty when valid). */
export function validationIssues(type: RoomsEventType, value: unknown): ValidationIssue[] {
  const validator = eventValidator(type);
  if (validator.Check(value)) return [];
  return validator.Errors(value).map((e) => ({ path: e.instancePath || '/', message: e.message }));
}

export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
