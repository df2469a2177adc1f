export * from './audit.contract';
export * from './auth.contract';
export * from './common.contract';
export * from './geo.contract';
export * from './incidents.contract';
export * from './personnel.contract';
export * from './realtime.contract';
export * from './users.contract';
