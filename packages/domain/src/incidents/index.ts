export * from './address';
export * from './dispatch-status';
export * from './priority';
