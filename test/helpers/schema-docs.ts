// Every doc the schema holds, each with where it sits (`hidden.cell`,
// `optimizer: adam(lr)`, `cell = lstm`), for the tests that hold the docs to
// their Chinese translation and to the glossary.
import { SCHEMA } from '../../core/src/language/schema/schema';
import type { BlockSchema, Doc, PropertySchema, ValueType } from '../../core/src/language/schema/types';

export interface PlacedDoc {
  where: string;
  doc: Doc;
}

export function schemaDocs(): PlacedDoc[] {
  const docs: PlacedDoc[] = [];
  const seen = new Set<Doc>();
  const add = (where: string, doc: Doc) => {
    // Shared entries (the activations of two keys, the clipping arguments of every optimizer) are listed once.
    if (seen.has(doc)) return;
    seen.add(doc);
    docs.push({ where, doc });
  };
  const property = (where: string, p: PropertySchema) => {
    add(where, p.doc);
    if (p.inferred && typeof p.inferred !== 'string') add(`${where} (inferred default)`, p.inferred);
    type(where, p.type);
  };
  const type = (where: string, t: ValueType) => {
    switch (t.kind) {
      case 'enum':
        for (const v of t.values) add(`${where} = ${v.name}`, v.doc);
        break;
      case 'list':
        type(where, t.items);
        break;
      case 'union':
        for (const u of t.types) type(where, u);
        break;
      case 'call':
        for (const fn of t.functions) {
          add(`${where}: ${fn.name}(...)`, fn.doc);
          for (const a of fn.args) property(`${where}: ${fn.name}(${a.key})`, a);
        }
        break;
    }
  };
  const block = (where: string, b: BlockSchema) => {
    add(where, b.doc);
    for (const m of b.members) {
      const path = where === 'model' ? '' : `${where}.`;
      if (m.kind === 'block') block(`${path}${m.name}`, m);
      else property(`${path}${m.key}`, m);
    }
  };
  block('model', SCHEMA.model);
  return docs;
}
