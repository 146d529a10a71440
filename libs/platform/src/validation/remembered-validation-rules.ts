import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];
type Rules = ReturnType<Lookup>;

const REMEMBERING = Symbol('recourse.rememberingValidationRules');

/**
 * Makes class-validator remember each class's rules instead of looking them up on every validate().
 * The lookup tests every decorated class of the app for being an ancestor of the one validated
 * (typestack/class-validator#2686), so its cost grows with the number of DTOs: it was the largest
 * single part of validating a request's query or body here. A class's rules are all registered when
 * its module loads, before anything can validate it; a rule registered later (a class loaded late)
 * clears what was remembered all the same. Idempotent: every app the tests create calls it again.
 */
export function rememberValidationRules(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [REMEMBERING]?: true };
  if (marked[REMEMBERING]) return;
  marked[REMEMBERING] = true;

  let remembered = new WeakMap<object, Map<string, Rules>>();
  const lookUp: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? '\u0002'}`;
    let byArguments = remembered.get(target);
    if (!byArguments) remembered.set(target, (byArguments = new Map()));
    let rules = byArguments.get(key);
    if (!rules) byArguments.set(key, (rules = lookUp(target, schema, always, strictGroups, groups)));
    return rules;
  };
  const addRule = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    remembered = new WeakMap();
    addRule(metadata);
  };
}
