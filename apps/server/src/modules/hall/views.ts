import type { HallServiceView, HallWindowView } from '@fengqiao/contracts';
import type { ServiceRow, WindowRow } from './catalogue.repository';

export const serviceRef = (s: Pick<ServiceRow, 'id' | 'code' | 'name_zh' | 'name_en'>) => ({
  id: s.id,
  code: s.code,
  nameZh: s.name_zh,
  nameEn: s.name_en,
});

export const windowRef = (w: Pick<WindowRow, 'id' | 'number' | 'name'>) => ({
  id: w.id,
  number: w.number,
  name: w.name,
});

export function serviceView(s: ServiceRow, windows: WindowRow[]): HallServiceView {
  return {
    id: s.id,
    code: s.code,
    category: s.category,
    nameZh: s.name_zh,
    nameEn: s.name_en,
    descriptionZh: s.description_zh,
    rulesZh: s.rules_zh,
    feeZh: s.fee_zh,
    materials: s.materials,
    timeLimitDays: s.time_limit_days,
    previousLimitDays: s.previous_limit_days,
    online: s.online,
    appointment: s.appointment,
    oneCertificate: s.one_certificate,
    homeVisit: s.home_visit,
    enterprise: s.enterprise,
    queuePrefix: s.queue_prefix,
    active: s.active,
    sort: s.sort,
    windows: windows.filter((w) => w.active && w.service_ids.includes(s.id)).map(windowRef),
    version: s.version,
  };
}

export function windowView(w: WindowRow, services: Map<string, ServiceRow>): HallWindowView {
  return {
    id: w.id,
    number: w.number,
    name: w.name,
    kind: w.kind,
    appointments: w.appointments,
    slotCapacity: w.slot_capacity,
    active: w.active,
    services: w.service_ids.flatMap((id) => {
      const s = services.get(id);
      return s ? [serviceRef(s)] : [];
    }),
    version: w.version,
  };
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
