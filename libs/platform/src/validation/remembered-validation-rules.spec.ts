import { IsIn, IsInt, IsString, MaxLength, MetadataStorage, Min, validateSync } from 'class-validator';
import { rememberValidationRules } from './remembered-validation-rules';

class Page {
  @IsInt()
  @Min(1)
  limit = 20;
}

class Search extends Page {
  @IsString()
  @MaxLength(5)
  q?: string;

  @IsIn(['a', 'b'], { groups: ['strict'] })
  kind?: string;
}

const failing = (object: object, groups?: string[]) =>
  validateSync(object, { groups })
    .map((e) => e.property)
    .sort();

describe('rememberValidationRules', () => {
  beforeAll(() => rememberValidationRules());

  it('validates as before: own rules, inherited rules and groups, however often it is asked', () => {
    for (let i = 0; i < 3; i++) {
      expect(failing(Object.assign(new Search(), { q: 'toolong', limit: 0, kind: 'a' }))).toEqual(['limit', 'q']);
      expect(failing(Object.assign(new Search(), { q: 'ok', limit: 3, kind: 'b' }))).toEqual([]);
      expect(failing(Object.assign(new Search(), { q: 'ok', kind: 'c' }), ['strict'])).toEqual(['kind']);
      expect(failing(Object.assign(new Page(), { limit: -1 }))).toEqual(['limit']);
    }
  });

  it('looks a class up once per set of arguments', () => {
    const storage = new MetadataStorage();
    const lookUp = jest.spyOn(storage, 'getTargetValidationMetadatas');
    rememberValidationRules(storage);
    rememberValidationRules(storage); // a second call must not wrap the lookup twice
    storage.getTargetValidationMetadatas(Search, '', false, false);
    const first = storage.getTargetValidationMetadatas(Search, '', false, false);
    storage.getTargetValidationMetadatas(Search, '', false, false, ['strict']);
    expect(lookUp).toHaveBeenCalledTimes(2);
    expect(storage.getTargetValidationMetadatas(Search, '', false, false)).toBe(first);
  });

  it('forgets what it remembered when a rule is added later', () => {
    class Late {
      name: unknown = 42;
    }
    expect(failing(new Late())).toEqual([]);
    IsString()(Late.prototype, 'name'); // as a decorator would, on a class loaded after the first validation
    expect(failing(new Late())).toEqual(['name']);
  });
});
