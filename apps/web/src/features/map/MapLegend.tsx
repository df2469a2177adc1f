import type { TownMap } from '@fengqiao/contracts';
import { useTranslation } from 'react-i18next';
import { GRID_KINDS, KIND_COLOURS, ROAD_KINDS, ROAD_STYLE } from './map-data';

/** Grid kinds (with how many grids of each) and the road and boundary symbols, in two short columns. */
export function MapLegend({ town }: { town: TownMap }) {
  const { t } = useTranslation();
  const roadKinds = ROAD_KINDS.filter((k) => town.roads.some((r) => r.kind === k));
  return (
    <section className="fq-legend" aria-label={t('map.legend')}>
      <div className="fq-legend-col">
        {GRID_KINDS.map((k) => (
          <div key={k} className="fq-legend-row">
            <span className="fq-legend-swatch" style={{ background: KIND_COLOURS[k] }} />
            {t(`map.kinds.${k}`)}
            <span className="fq-legend-count">{town.grids.filter((g) => g.kind === k).length}</span>
          </div>
        ))}
      </div>
      <div className="fq-legend-col">
        {roadKinds.map((k) => (
          <div key={k} className="fq-legend-row">
            <span
              className="fq-legend-line"
              style={{ background: ROAD_STYLE[k].colour, height: Math.max(2, ROAD_STYLE[k].width * 0.8) }}
            />
            {t(`map.roads.${k}`)}
          </div>
        ))}
        <div className="fq-legend-row">
          <span className="fq-legend-boundary" />
          {t('map.boundary')}
        </div>
      </div>
    </section>
  );
}
