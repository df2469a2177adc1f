import { fieldError, forbidden } from '../../platform/errors';
import type { Ctx } from '../../platform/platform';

export interface StationInfo {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  address: string | null;
  center: [number, number] | null;
}

/**
 * Which station a request is about. Staff act for their own station;
 * public and citizen requests name one by code (`?station=`), and a
 * single-station deployment needs no code at all.
 */
export class Stations {
  private cache: { at: number; list: StationInfo[] } | null = null;
  constructor(private readonly load: () => Promise<StationInfo[]>) {}

  async all(): Promise<StationInfo[]> {
    if (this.cache && Date.now() - this.cache.at < 60_000) return this.cache.list;
    const list = await this.load();
    this.cache = { at: Date.now(), list };
    return list;
  }

  async byId(id: string): Promise<StationInfo | null> {
    return (await this.all()).find((s) => s.id === id) ?? null;
  }

  /** The station named by code, or the only/first one when no code is given. */
  async public(code: string | undefined, field = 'querystring.station'): Promise<StationInfo> {
    const list = await this.all();
    const s = code ? list.find((x) => x.code === code) : list[0];
    if (!s) throw fieldError(field, 'station_unknown', code ? `no station ${code}` : 'no station is set up yet');
    return s;
  }

  staffStation(ctx: Ctx): string {
    if (!ctx.actor.stationId) throw forbidden('your account belongs to no station');
    return ctx.actor.stationId;
  }
}
