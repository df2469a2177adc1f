import { fromWgs84 } from '@fengqiao/domain';

/** WGS-84 → GCJ-02, as a map app in China would report the same spot. */
export function gcoord(lng: number, lat: number): [number, number] {
  return fromWgs84([lng, lat], 'GCJ02') as [number, number];
}
