export * from './duties';
export * from './labels';
export * from './measures';
export * from './periods';
export * from './scoring';
