import { Image, Tag, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { translateDynamic } from '../../app/i18n';
import { mmddHhmm } from './format';
import type { HazardDetail } from './queries';

/** A hazard's progress as the reporter and the officer read it: the events, then the photos by stage. */
export function HazardTimeline({ hazard }: { hazard: HazardDetail }) {
  const { t } = useTranslation();
  return (
    <>
      <Timeline
        data-testid="hazard-timeline"
        items={hazard.events.map((e) => ({
          key: `${e.at}-${e.kind}`,
          color:
            e.kind === 'closed' ? 'green' : e.kind.includes('overdue') || e.kind.includes('failed') ? 'red' : 'blue',
          content: (
            <div>
              <div>
                <strong>{translateDynamic(`volunteers.hazardEvent.${e.kind}`, e.kind)}</strong>{' '}
                <span className="fq-muted">
                  {mmddHhmm(e.at)}
                  {e.actorName ? ` · ${e.actorName}` : ''}
                </span>
              </div>
              {e.note ? <div>{e.note}</div> : null}
            </div>
          ),
        }))}
      />
      {hazard.photos.length > 0 ? (
        <div>
          <div className="vp-row-sub" style={{ marginBottom: 6 }}>
            {t('volunteers.hazard.photos')}
          </div>
          <Image.PreviewGroup>
            <div className="vp-photo-thumbs">
              {hazard.photos.map((p) => (
                <div key={p.id}>
                  <Image
                    src={p.url}
                    width={72}
                    height={72}
                    style={{ objectFit: 'cover', borderRadius: 8 }}
                    data-testid="hazard-photo"
                  />
                  <div>
                    <Tag>{t(`volunteers.hazard.stage.${p.stage}`)}</Tag>
                  </div>
                </div>
              ))}
            </div>
          </Image.PreviewGroup>
        </div>
      ) : null}
    </>
  );
}
