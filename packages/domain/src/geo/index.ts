export * from './crs';
export * from './geojson.types';
export * from './grid-geojson';
export * from './grid-index';
export * from './measure';
export { pointInPolygon } from './point-in-polygon';
