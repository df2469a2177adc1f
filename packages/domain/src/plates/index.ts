export * from './plate-number';
