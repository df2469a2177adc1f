export * from './cn-holidays';
export * from './working-days';
