import type { FogNowcastView } from '@fengqiao/contracts';
import { describe, expect, it } from 'vitest';
import { bandOf, fogCells } from './fog-data';

describe('fog layer data', () => {
  it('draws only foggy cells, coloured by band', () => {
    const n = {
      frame: { west: 116, south: 39, lat0: 39, cellKm: 1, nx: 2, ny: 2 },
      fields: [[30, 150, 800, 20_000]],
    } as unknown as FogNowcastView;
    const c = fogCells(n, 0);
    expect(c.features.map((f) => f.properties.vis)).toEqual([30, 150, 800]);
    expect(c.features[0]?.properties.colour).toBe(bandOf(30)?.colour);
    expect(bandOf(5000)).toBeNull();
  });
});
