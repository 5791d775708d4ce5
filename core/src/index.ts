export * from './data/index';
export { parse, type ParseResult } from './syntax/parser';
export type * from './syntax/ast';
export * from './schema/schema';
export type * from './schema/types';
export * from './check/diagnostic';
export type * from './check/api';
export type * from './spec';
