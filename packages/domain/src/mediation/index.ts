export * from './catalogue';
export * from './credit-code';
export * from './dispute-machine';
export * from './indicators';
export * from './matching';
