export * from './access/permissions';
export * from './access/roles';
export * from './geo';
export * from './identity/id-number';
export * from './identity/phone';
export * from './incidents';
export * from './mediation';
export * from './random';
