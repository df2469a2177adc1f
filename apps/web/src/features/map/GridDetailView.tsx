import { PhoneOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import type { GridView, UnitView } from '@fengqiao/contracts';
import { Avatar, Descriptions, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGridDetail } from '../../api/queries';
import { ErrorAlert } from '../../shared/errors';
import { KIND_COLOURS } from './map-data';

const PLACE_KINDS = [
  'village',
  'street',
  'school',
  'business_district',
  'enterprise',
  'community_police_office',
  'mediation_centre',
  'service_hall',
] as const;

export function GridDetailView({ grid }: { grid: GridView }) {
  const { t } = useTranslation();
  const detail = useGridDetail(grid.id);
  return (
    <div className="fq-grid-detail" data-testid="grid-detail">
      <div className="fq-detail-title">
        <span className="fq-grid-code fq-grid-code-lg" style={{ borderColor: KIND_COLOURS[grid.kind] }}>
          {grid.code}
        </span>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {grid.name}
          </Typography.Title>
          <Tag color={KIND_COLOURS[grid.kind]}>{t(`map.kinds.${grid.kind}`)}</Tag>
        </div>
      </div>
      <Descriptions column={1} size="small" className="fq-detail-desc" styles={{ label: { width: 110 } }}>
        <Descriptions.Item label={t('map.detail.code')}>{grid.code}</Descriptions.Item>
        <Descriptions.Item label={t('map.detail.kind')}>{t(`map.kinds.${grid.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('map.detail.area')}>
          {t('map.detail.areaValue', { value: grid.areaKm2.toFixed(2) })}
        </Descriptions.Item>
        <Descriptions.Item label={t('map.detail.communities')}>
          {grid.communities.length > 0 ? grid.communities.join('、') : t('app.none')}
        </Descriptions.Item>
      </Descriptions>

      <div className="fq-section-title">
        <SafetyCertificateOutlined /> {t('map.detail.officer')}
      </div>
      {grid.officer ? (
        <div className="fq-officer" data-testid="grid-officer">
          <Avatar size={40} className="fq-officer-avatar">
            {grid.officer.name.slice(0, 1)}
          </Avatar>
          <div>
            <div className="fq-officer-name">{grid.officer.name}</div>
            <Space size={12} className="fq-muted">
              {grid.officer.badgeNo ? (
                <span>
                  {t('map.detail.badge')} {grid.officer.badgeNo}
                </span>
              ) : null}
              {grid.officer.phone ? (
                <span>
                  <PhoneOutlined /> {grid.officer.phone}
                </span>
              ) : null}
            </Space>
          </div>
        </div>
      ) : (
        <Typography.Text type="secondary">{t('map.detail.noOfficer')}</Typography.Text>
      )}

      {detail.isError ? (
        <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />
      ) : !detail.data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <>
          <div className="fq-section-title">
            <TeamOutlined /> {t('map.detail.units', { count: detail.data.units.length })}
          </div>
          {detail.data.units.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('map.detail.noUnits')} />
          ) : (
            detail.data.units.map((u) => <UnitCard key={u.id} unit={u} />)
          )}
          <div className="fq-section-title">{t('map.detail.places')}</div>
          <PlaceCounts counts={detail.data.placeCounts} />
        </>
      )}
    </div>
  );
}

function UnitCard({ unit }: { unit: UnitView }) {
  const { t } = useTranslation();
  return (
    <div className="fq-unit" data-testid="unit-card">
      <div className="fq-unit-head">
        <span className="fq-unit-name">{unit.name}</span>
        <Typography.Text type="secondary" className="fq-unit-code">
          {unit.code}
        </Typography.Text>
      </div>
      <div className="fq-unit-leader">
        <Tag color="blue">{t('map.detail.unitLeader')}</Tag>
        {unit.leader ? (
          <span>
            {unit.leader.name}
            {unit.leader.badgeNo ? <span className="fq-muted"> · {unit.leader.badgeNo}</span> : null}
            {unit.leader.phone ? <span className="fq-muted"> · {unit.leader.phone}</span> : null}
          </span>
        ) : (
          <Typography.Text type="secondary">{t('app.none')}</Typography.Text>
        )}
      </div>
      <div className="fq-unit-members-title">{t('map.detail.members', { count: unit.members.length })}</div>
      {unit.members.length === 0 ? (
        <Typography.Text type="secondary">{t('map.detail.noMembers')}</Typography.Text>
      ) : (
        <ul className="fq-members">
          {unit.members.map((m) => (
            <li key={m.personId}>
              <span className="fq-member-name">{m.name}</span>
              <Tag className="fq-member-role">{t(`map.memberRoles.${m.role}`)}</Tag>
              <span className="fq-muted fq-member-phone">{m.phone ?? ''}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PlaceCounts({ counts }: { counts: Record<string, number> }) {
  const { t } = useTranslation();
  const known = PLACE_KINDS.filter((k) => (counts[k] ?? 0) > 0);
  if (known.length === 0) return <Typography.Text type="secondary">{t('map.detail.noPlaces')}</Typography.Text>;
  return (
    <Space size={[6, 6]} wrap>
      {known.map((k) => (
        <Tag key={k}>
          {t(`map.placeKinds.${k}`)} {counts[k]}
        </Tag>
      ))}
    </Space>
  );
}
