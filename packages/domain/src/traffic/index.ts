export * from './cap';
export * from './fog-grades';
export * from './fog-skill';
export * from './nowcast';
export * from './quick-handling';
export * from './road-warnings';
export * from './violations';
