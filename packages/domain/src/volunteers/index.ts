export * from './geometry';
export * from './hours';
export * from './lifecycle';
export * from './points';
export * from './schedule';
