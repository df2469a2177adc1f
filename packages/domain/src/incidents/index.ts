export * from './address';
export * from './dispatch-status';
export * from './keyword-match';
export * from './priority';
