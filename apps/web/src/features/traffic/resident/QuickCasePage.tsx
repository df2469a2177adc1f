import { CameraOutlined, CheckCircleFilled, FilePdfOutlined, VideoCameraOutlined } from '@ant-design/icons';
import type { AccidentCaseView } from '@fengqiao/contracts';
import { LIABILITIES, type Liability, PHOTO_KINDS, REQUIRED_PHOTOS } from '@fengqiao/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Descriptions, Input, Radio, Result, Spin, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { citizenCall, trafficKeys } from '../traffic-api';
import { useTrafficError } from '../traffic-errors';
import { PhoneSignIn } from './PhoneSignIn';
import { QuickFrame } from './QuickFrame';
import { useCitizenMe } from './QuickHomePage';
import { STATUS_COLOUR } from './status';

const STEP: Record<AccidentCaseView['status'], number> = {
  referred: 0,
  open: 0,
  joined: 1,
  agreed: 2,
  review: 2,
  documented: 3,
};

/** `/accident/:id`: one case on a party's phone, polled so each side sees the other's progress. */
export default function QuickCasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useCitizenMe();
  const c = useQuery({
    queryKey: trafficKeys.myCase(id),
    queryFn: () => citizenCall<AccidentCaseView>(`/api/citizen/traffic/accidents/${id}`),
    enabled: !!me.data,
    refetchInterval: (q) => (q.state.data?.status === 'documented' ? false : 3000),
  });
  const set = (v: AccidentCaseView) => qc.setQueryData(trafficKeys.myCase(id), v);

  if (me.isLoading)
    return (
      <QuickFrame>
        <Spin />
      </QuickFrame>
    );
  if (!me.data)
    return (
      <QuickFrame>
        <PhoneSignIn onSignedIn={() => void qc.invalidateQueries({ queryKey: ['traffic'] })} />
      </QuickFrame>
    );
  if (c.isLoading || !c.data)
    return <QuickFrame>{c.error ? <Alert type="error" title={t('app.loadFailed')} /> : <Spin />}</QuickFrame>;
  const v = c.data;
  const side = v.me ?? 'a';

  return (
    <QuickFrame>
      <div className="fq-tq-card">
        <div className="fq-tq-casehead">
          <Typography.Text strong>{v.number}</Typography.Text>
          <Tag color={STATUS_COLOUR[v.status]} data-testid="case-status">
            {t(`traffic.quick.status.${v.status}`)}
          </Tag>
        </div>
        <Steps
          size="small"
          orientation="horizontal"
          responsive={false}
          current={STEP[v.status]}
          items={[
            { title: t('traffic.quick.photosTitle').slice(0, 4) },
            { title: t('traffic.quick.statementTitle') },
            { title: v.status === 'review' ? t('traffic.quick.status.review').slice(0, 4) : t('traffic.quick.sign') },
            { title: t('traffic.quick.status.documented') },
          ]}
        />
      </div>

      {side === 'a' && v.joinCode && (
        <div className="fq-tq-card fq-tq-joincode">
          <Typography.Text>{t('traffic.quick.showCode')}</Typography.Text>
          <div className="fq-tq-code" data-testid="join-code">
            {v.joinCode}
          </div>
          {v.joinCodeExpiresAt && (
            <Typography.Text type="secondary">
              {t('traffic.quick.codeExpires', { time: new Date(v.joinCodeExpiresAt).toLocaleTimeString() })}
            </Typography.Text>
          )}
        </div>
      )}

      <Facts v={v} />
      {v.status !== 'documented' && <Photos v={v} onChange={set} />}
      {(v.status === 'open' || v.status === 'joined') && <Statement v={v} onChange={set} />}
      {v.status === 'agreed' && <Sign v={v} onChange={set} />}
      {v.status === 'review' && (
        <div className="fq-tq-card">
          <Result
            status="info"
            title={t('traffic.quick.reviewTitle')}
            subTitle={t('traffic.quick.reviewBody')}
            extra={
              v.videoCallUrl ? (
                <Button
                  type="primary"
                  icon={<VideoCameraOutlined />}
                  href={v.videoCallUrl}
                  target="_blank"
                  rel="noreferrer"
                >
                  {t('traffic.quick.videoCall')}
                </Button>
              ) : null
            }
          />
        </div>
      )}
      {v.status === 'documented' && <Documented v={v} />}
    </QuickFrame>
  );
}

function Facts({ v }: { v: AccidentCaseView }) {
  const { t } = useTranslation();
  return (
    <div className="fq-tq-card">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('traffic.quick.occurredAt')}>
          {new Date(v.occurredAt).toLocaleString()}
        </Descriptions.Item>
        <Descriptions.Item label={t('traffic.quick.address')}>{v.address}</Descriptions.Item>
        <Descriptions.Item label={t('traffic.quick.accidentType')}>
          {t(`traffic.accidentType.${v.accidentType}`)} · {t(`traffic.weather.${v.weather}`)}
        </Descriptions.Item>
        {v.parties.map((p) => (
          <Descriptions.Item
            key={p.role}
            label={p.role === 'a' ? t('traffic.quick.partyA').slice(0, 2) : t('traffic.quick.partyB').slice(0, 2)}
          >
            {p.name} · {p.plate} · {t(`traffic.vehicleType.${p.vehicleType}`)}
            <br />
            <Typography.Text type="secondary">
              {p.licenceMasked} · {p.insurer}
            </Typography.Text>
          </Descriptions.Item>
        ))}
        {v.description && <Descriptions.Item label={t('traffic.quick.description')}>{v.description}</Descriptions.Item>}
      </Descriptions>
    </div>
  );
}

function Photos({ v, onChange }: { v: AccidentCaseView; onChange: (v: AccidentCaseView) => void }) {
  const { t } = useTranslation();
  const errorText = useTrafficError();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upload = async (kind: string, file: File | undefined) => {
    if (!file) return;
    setBusy(kind);
    setError(null);
    const form = new FormData();
    form.append('file', file);
    try {
      onChange(
        await citizenCall<AccidentCaseView>(`/api/citizen/traffic/accidents/${v.id}/photos`, { form, query: { kind } }),
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="fq-tq-card">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('traffic.quick.photosTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('traffic.quick.photosHint')}</Typography.Paragraph>
      <div className="fq-tq-photos">
        {PHOTO_KINDS.map((kind) => {
          const have = v.photos.filter((p) => p.kind === kind);
          const required = REQUIRED_PHOTOS.includes(kind);
          return (
            <label key={kind} className={`fq-tq-photo ${have.length ? 'done' : ''}`} data-testid={`photo-${kind}`}>
              <input
                type="file"
                accept="image/jpeg,image/png,image/webp"
                capture="environment"
                hidden
                onChange={(e) => {
                  void upload(kind, e.target.files?.[0]);
                  e.target.value = '';
                }}
              />
              <span className="fq-tq-photo-icon">{have.length ? <CheckCircleFilled /> : <CameraOutlined />}</span>
              <span className="fq-tq-photo-name">
                {t(`traffic.photoKind.${kind}`)}
                {required ? ' *' : ''}
              </span>
              <span className="fq-tq-photo-hint">{t(`traffic.photoHint.${kind}`)}</span>
              <span className="fq-tq-photo-state">
                {busy === kind ? (
                  <Spin size="small" />
                ) : have.length ? (
                  `${t('traffic.quick.photoDone')} ×${have.length}`
                ) : (
                  t('traffic.quick.takePhoto')
                )}
              </span>
            </label>
          );
        })}
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </div>
  );
}

function LiabilityChoice({ value, onChange }: { value: Liability | null; onChange: (l: Liability) => void }) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      value={value}
      onChange={(e) => onChange(e.target.value as Liability)}
      className="fq-tq-liability"
      data-testid="tq-liability"
    >
      {LIABILITIES.map((l) => (
        <Radio key={l} value={l}>
          {t(`traffic.liability.${l}`)}
        </Radio>
      ))}
    </Radio.Group>
  );
}

function Statement({ v, onChange }: { v: AccidentCaseView; onChange: (v: AccidentCaseView) => void }) {
  const { t } = useTranslation();
  const errorText = useTrafficError();
  const side = v.me ?? 'a';
  const mine = v.parties.find((p) => p.role === side);
  const other = v.parties.find((p) => p.role !== side);
  const [choice, setChoice] = useState<Liability | null>(mine?.liability ?? null);
  const [facts, setFacts] = useState(side === 'a');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (side === 'b' && v.status !== 'joined') return null;
  const submit = async () => {
    if (!choice) return;
    setBusy(true);
    setError(null);
    try {
      onChange(
        await citizenCall<AccidentCaseView>(`/api/citizen/traffic/accidents/${v.id}/statement`, {
          body: { liability: choice, factsConfirmed: true },
        }),
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const review = async () => {
    setBusy(true);
    setError(null);
    try {
      onChange(
        await citizenCall<AccidentCaseView>(`/api/citizen/traffic/accidents/${v.id}/review`, {
          method: 'POST',
          body: {},
        }),
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="fq-tq-card">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('traffic.quick.statementTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {side === 'a' ? t('traffic.quick.statementHintA') : t('traffic.quick.statementHintB')}
      </Typography.Paragraph>
      {mine?.liability && (
        <Typography.Paragraph>
          {t('traffic.quick.myChoice', { text: t(`traffic.liability.${mine.liability}`) })}
        </Typography.Paragraph>
      )}
      {other?.liability && (
        <Typography.Paragraph>
          {t('traffic.quick.otherChoice', { text: t(`traffic.liability.${other.liability}`) })}
        </Typography.Paragraph>
      )}
      <LiabilityChoice value={choice} onChange={setChoice} />
      {side === 'b' && (
        <Checkbox
          checked={facts}
          onChange={(e) => setFacts(e.target.checked)}
          style={{ marginTop: 12 }}
          data-testid="tq-facts"
        >
          {t('traffic.quick.factsConfirmed')}
        </Checkbox>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      <Button
        type="primary"
        block
        size="large"
        style={{ marginTop: 12 }}
        disabled={!choice || !facts}
        loading={busy}
        onClick={submit}
        data-testid="tq-statement"
      >
        {t('traffic.quick.submitStatement')}
      </Button>
      {mine?.liability && !other?.liability && (
        <Typography.Paragraph type="secondary">{t('traffic.quick.waitingOther')}</Typography.Paragraph>
      )}
      {v.bJoined && (
        <Button block type="link" onClick={review} disabled={busy}>
          {t('traffic.quick.requestReview')}
        </Button>
      )}
    </div>
  );
}

function Sign({ v, onChange }: { v: AccidentCaseView; onChange: (v: AccidentCaseView) => void }) {
  const { t } = useTranslation();
  const errorText = useTrafficError();
  const side = v.me ?? 'a';
  const mine = v.parties.find((p) => p.role === side);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sign = async () => {
    setBusy(true);
    setError(null);
    try {
      onChange(
        await citizenCall<AccidentCaseView>(`/api/citizen/traffic/accidents/${v.id}/sign`, {
          body: { signature: name },
        }),
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="fq-tq-card">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('traffic.quick.signTitle')}
      </Typography.Title>
      <Typography.Paragraph>
        {t('traffic.quick.liabilityLabel', { text: t(`traffic.liability.${v.parties[0]?.liability ?? 'equal'}`) })}
      </Typography.Paragraph>
      {mine?.signedAt ? (
        <Alert type="success" showIcon title={t('traffic.quick.signed')} description={t('traffic.quick.waitingSign')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('traffic.quick.signHint')}</Typography.Paragraph>
          <Input
            data-testid="tq-signature"
            aria-label={t('traffic.quick.signature')}
            placeholder={t('traffic.quick.signature')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={32}
          />
          {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
          <Button
            type="primary"
            block
            size="large"
            style={{ marginTop: 12 }}
            disabled={!name.trim()}
            loading={busy}
            onClick={sign}
            data-testid="tq-sign"
          >
            {t('traffic.quick.sign')}
          </Button>
        </>
      )}
    </div>
  );
}

function Documented({ v }: { v: AccidentCaseView }) {
  const { t } = useTranslation();
  return (
    <div className="fq-tq-card">
      <Result
        status="success"
        title={t('traffic.quick.documentTitle')}
        subTitle={
          <>
            <div>
              {v.documentKind === 'determination'
                ? t('traffic.quick.determinationDoc')
                : t('traffic.quick.agreementDoc')}
            </div>
            {v.liability && (
              <div>{t('traffic.quick.liabilityLabel', { text: t(`traffic.liability.${v.liability}`) })}</div>
            )}
            {v.minutesToDocument !== null && (
              <div data-testid="elapsed">{t('traffic.quick.elapsed', { minutes: v.minutesToDocument })}</div>
            )}
          </>
        }
        extra={
          <Button
            type="primary"
            icon={<FilePdfOutlined />}
            href={`/api/citizen/traffic/accidents/${v.id}/document`}
            target="_blank"
            data-testid="open-pdf"
          >
            {t('traffic.quick.openPdf')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('traffic.quick.insurersNotified')}</Typography.Paragraph>
    </div>
  );
}
