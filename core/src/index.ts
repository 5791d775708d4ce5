export * from './data/index';
