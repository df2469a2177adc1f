import { describe, expect, it } from 'vitest';
import { evaluateSkill, generateEpisode } from './fog-skill';

describe('nowcast skill on generated fog episodes (hold-out stations)', () => {
  const episodes = Array.from({ length: 6 }, (_, i) => generateEpisode(`skill-${i}`));
  const r = evaluateSkill(episodes);

  it('beats persistence and plain interpolation on RMSE', () => {
    expect(r.nowcast.n).toBeGreaterThan(1000);
    expect(r.nowcast.rmseM).toBeLessThan(r.persistence.rmseM);
    expect(r.nowcast.rmseM).toBeLessThan(r.interpolation.rmseM);
    expect(r.nowcast.rmseLn).toBeLessThan(r.persistence.rmseLn);
    expect(r.nowcast.rmseLn).toBeLessThan(r.interpolation.rmseLn);
  });

  it('catches more fog under 200 m, with fewer false alarms', () => {
    expect(r.nowcast.hitRate).toBeGreaterThan(r.persistence.hitRate);
    expect(r.nowcast.hitRate).toBeGreaterThan(r.interpolation.hitRate);
    expect(r.nowcast.falseAlarmRate).toBeLessThan(r.persistence.falseAlarmRate);
    expect(r.nowcast.falseAlarmRate).toBeLessThan(r.interpolation.falseAlarmRate);
    expect(r.nowcast.csi).toBeGreaterThan(Math.max(r.persistence.csi, r.interpolation.csi));
  });
});
