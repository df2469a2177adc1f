import type { AccidentCaseView, AccidentEligibilityResponse } from '@fengqiao/contracts';
import {
  ACCIDENT_TYPES,
  ELIGIBILITY_QUESTIONS,
  type EligibilityAnswers,
  INSURERS,
  VEHICLE_TYPES,
  WEATHERS,
} from '@fengqiao/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Radio, Result, Select, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ApiRequestError } from '../../../api/errors';
import { citizenCall, trafficKeys } from '../traffic-api';
import { useTrafficError } from '../traffic-errors';
import { PhoneSignIn } from './PhoneSignIn';
import { QuickFrame } from './QuickFrame';
import { STATUS_COLOUR } from './status';

type Mode = 'home' | 'check' | 'form' | 'join' | 'referred';

/** Residents signed in by phone, or null. */
export function useCitizenMe() {
  return useQuery({
    queryKey: trafficKeys.citizen,
    queryFn: async () => {
      try {
        return await citizenCall<{ id: string; phoneMasked: string }>('/api/citizen/me');
      } catch (e) {
        if (e instanceof ApiRequestError && e.status === 401) return null;
        throw e;
      }
    },
  });
}

/** `/accident`: sign in, then open a case (eligibility first, then the facts) or join one with a code. */
export default function QuickHomePage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useCitizenMe();
  const [mode, setMode] = useState<Mode>('home');
  const [answers, setAnswers] = useState<EligibilityAnswers | null>(null);
  const [referral, setReferral] = useState<AccidentEligibilityResponse | null>(null);

  if (me.isLoading)
    return (
      <QuickFrame>
        <Spin />
      </QuickFrame>
    );
  if (!me.data)
    return (
      <QuickFrame>
        <Typography.Paragraph type="secondary">{t('traffic.quick.intro')}</Typography.Paragraph>
        <PhoneSignIn onSignedIn={() => void qc.invalidateQueries({ queryKey: ['traffic'] })} />
      </QuickFrame>
    );

  return (
    <QuickFrame>
      {mode === 'home' && <Home onStart={() => setMode('check')} onJoin={() => setMode('join')} />}
      {mode === 'check' && (
        <EligibilityStep
          onEligible={(a) => {
            setAnswers(a);
            setMode('form');
          }}
          onReferred={(r) => {
            setReferral(r);
            setMode('referred');
          }}
        />
      )}
      {mode === 'referred' && referral && (
        <Result
          status="warning"
          title={t('traffic.quick.referredTitle')}
          subTitle={t('traffic.quick.referredBody', { number: referral.incidentNumber ?? '' })}
        />
      )}
      {mode === 'form' && answers && <CaseForm answers={answers} />}
      {mode === 'join' && <JoinForm />}
    </QuickFrame>
  );
}

function Home({ onStart, onJoin }: { onStart: () => void; onJoin: () => void }) {
  const { t } = useTranslation();
  const cases = useQuery({
    queryKey: trafficKeys.myCases,
    queryFn: () => citizenCall<AccidentCaseView[]>('/api/citizen/traffic/accidents'),
  });
  return (
    <>
      <Typography.Paragraph type="secondary">{t('traffic.quick.intro')}</Typography.Paragraph>
      <div className="fq-tq-big-actions">
        <Button type="primary" size="large" block onClick={onStart} data-testid="tq-start">
          {t('traffic.quick.start')}
        </Button>
        <Button size="large" block onClick={onJoin} data-testid="tq-join">
          {t('traffic.quick.join')}
        </Button>
      </div>
      <Typography.Title level={5}>{t('traffic.quick.myCases')}</Typography.Title>
      <div className="fq-tq-card">
        {cases.isLoading ? (
          <Spin />
        ) : (cases.data ?? []).length === 0 ? (
          <Typography.Text type="secondary">{t('traffic.quick.noCases')}</Typography.Text>
        ) : (
          (cases.data ?? []).map((c) => (
            <div key={c.id} className="fq-tq-row">
              <Link to={`/accident/${c.id}`}>{c.number}</Link>
              <Tag color={STATUS_COLOUR[c.status]}>{t(`traffic.quick.status.${c.status}`)}</Tag>
            </div>
          ))
        )}
      </div>
    </>
  );
}

/** Where the phone is: the browser's position, asked for once. */
function usePosition() {
  const [pos, setPos] = useState<[number, number] | null>(null);
  const [failed, setFailed] = useState(false);
  const locate = () =>
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setFailed(false);
        setPos([p.coords.longitude, p.coords.latitude]);
      },
      () => setFailed(true),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  return { pos, failed, locate };
}

function EligibilityStep({
  onEligible,
  onReferred,
}: {
  onEligible: (a: EligibilityAnswers) => void;
  onReferred: (r: AccidentEligibilityResponse) => void;
}) {
  const { t } = useTranslation();
  const errorText = useTrafficError();
  const [form] = Form.useForm<EligibilityAnswers & { address: string }>();
  const { pos, failed, locate } = usePosition();
  const [clientId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const eligibility = Object.fromEntries(ELIGIBILITY_QUESTIONS.map((q) => [q, v[q] === true])) as EligibilityAnswers;
    if (Object.values(eligibility).every(Boolean)) {
      onEligible(eligibility);
      return;
    }
    if (!pos) {
      setError(t('traffic.quick.locationRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await citizenCall<AccidentEligibilityResponse>('/api/citizen/traffic/eligibility', {
        body: { clientId, eligibility, lng: pos[0], lat: pos[1], address: v.address || '事故现场' },
      });
      onReferred(r);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fq-tq-card">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('traffic.quick.eligibilityTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('traffic.quick.eligibilityHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false}>
        {ELIGIBILITY_QUESTIONS.map((q) => (
          <div key={q} data-testid={`elig-${q}`}>
            <Form.Item
              name={q}
              label={t(`traffic.eligibility.${q}`)}
              rules={[{ required: true, message: t('traffic.errors.required') }]}
            >
              <Radio.Group optionType="button" buttonStyle="solid">
                <Radio.Button value={true}>{t('app.yes')}</Radio.Button>
                <Radio.Button value={false}>{t('app.no')}</Radio.Button>
              </Radio.Group>
            </Form.Item>
          </div>
        ))}
        <Form.Item name="address" label={t('traffic.quick.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <LocateButton pos={pos} failed={failed} locate={locate} />
        {error && <Alert type="error" showIcon title={error} style={{ margin: '12px 0' }} />}
        <Button
          type="primary"
          block
          size="large"
          onClick={submit}
          loading={busy}
          style={{ marginTop: 12 }}
          data-testid="tq-check"
        >
          {t('traffic.quick.check')}
        </Button>
      </Form>
    </div>
  );
}

function LocateButton({ pos, failed, locate }: { pos: [number, number] | null; failed: boolean; locate: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="fq-tq-locate">
      <Button onClick={locate} data-testid="tq-locate">
        {t('traffic.quick.locate')}
      </Button>
      {pos && (
        <Typography.Text type="success">
          {t('traffic.quick.located', { lng: pos[0].toFixed(5), lat: pos[1].toFixed(5) })}
        </Typography.Text>
      )}
      {failed && <Typography.Text type="danger">{t('traffic.quick.locateFailed')}</Typography.Text>}
    </div>
  );
}

interface PartyFields {
  name: string;
  licenceNo: string;
  plate: string;
  vehicleType: string;
  insurer: string;
  policyNo?: string;
}

function PartyBlock({ prefix, title }: { prefix: 'partyA' | 'partyB'; title: string }) {
  const { t } = useTranslation();
  const req = [{ required: true, message: t('traffic.errors.required') }];
  return (
    <fieldset className="fq-tq-party">
      <legend>{title}</legend>
      <Form.Item name={[prefix, 'name']} label={t('traffic.quick.name')} rules={req}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item name={[prefix, 'licenceNo']} label={t('traffic.quick.licenceNo')} rules={req}>
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item name={[prefix, 'plate']} label={t('traffic.quick.plate')} rules={req}>
        <Input maxLength={12} placeholder="冀R12345" />
      </Form.Item>
      <Form.Item
        name={[prefix, 'vehicleType']}
        label={t('traffic.quick.vehicleType')}
        initialValue="small_car"
        rules={req}
      >
        <Select options={VEHICLE_TYPES.map((v) => ({ value: v, label: t(`traffic.vehicleType.${v}`) }))} />
      </Form.Item>
      <Form.Item name={[prefix, 'insurer']} label={t('traffic.quick.insurer')} rules={req}>
        <Select showSearch options={INSURERS.map((i) => ({ value: i, label: i }))} />
      </Form.Item>
      <Form.Item name={[prefix, 'policyNo']} label={t('traffic.quick.policyNo')}>
        <Input maxLength={40} />
      </Form.Item>
    </fieldset>
  );
}

function nowLocal(): string {
  const d = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function CaseForm({ answers }: { answers: EligibilityAnswers }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorText = useTrafficError();
  const [form] = Form.useForm<{
    address: string;
    occurredAt: string;
    weather: string;
    accidentType: string;
    description?: string;
    partyA: PartyFields;
    partyB: PartyFields;
  }>();
  const { pos, failed, locate } = usePosition();
  const [clientId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    if (!pos) {
      setError(t('traffic.quick.locationRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const c = await citizenCall<AccidentCaseView>('/api/citizen/traffic/accidents', {
        body: {
          clientId,
          eligibility: answers,
          occurredAt: new Date(v.occurredAt).toISOString(),
          lng: pos[0],
          lat: pos[1],
          address: v.address,
          weather: v.weather,
          accidentType: v.accidentType,
          description: v.description ?? '',
          partyA: { ...v.partyA, policyNo: v.partyA.policyNo ?? '' },
          partyB: { ...v.partyB, policyNo: v.partyB.policyNo ?? '' },
        },
      });
      navigate(`/accident/${c.id}`);
    } catch (e) {
      setError(errorText(e));
      if (e instanceof ApiRequestError)
        form.setFields(
          e.fields
            .filter((f) => f.path.startsWith('body.'))
            .map((f) => ({
              name: f.path.slice(5).split('.'),
              errors: [errorText(new ApiRequestError(400, 'validation', f.message, [f]))],
            })) as never,
        );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fq-tq-card">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('traffic.quick.caseTitle')}
      </Typography.Title>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ occurredAt: nowLocal(), weather: 'clear', accidentType: 'rear_end' }}
      >
        <LocateButton pos={pos} failed={failed} locate={locate} />
        <Form.Item
          name="address"
          label={t('traffic.quick.address')}
          rules={[{ required: true, min: 2, message: t('traffic.errors.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('traffic.quick.occurredAt')} rules={[{ required: true }]}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="weather" label={t('traffic.quick.weather')}>
          <Select options={WEATHERS.map((w) => ({ value: w, label: t(`traffic.weather.${w}`) }))} />
        </Form.Item>
        <Form.Item name="accidentType" label={t('traffic.quick.accidentType')}>
          <Select options={ACCIDENT_TYPES.map((w) => ({ value: w, label: t(`traffic.accidentType.${w}`) }))} />
        </Form.Item>
        <Form.Item name="description" label={t('traffic.quick.description')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <PartyBlock prefix="partyA" title={t('traffic.quick.partyA')} />
        <PartyBlock prefix="partyB" title={t('traffic.quick.partyB')} />
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" block size="large" onClick={submit} loading={busy} data-testid="tq-create">
          {t('traffic.quick.create')}
        </Button>
      </Form>
    </div>
  );
}

function JoinForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorText = useTrafficError();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      const c = await citizenCall<AccidentCaseView>('/api/citizen/traffic/join', { body: { code } });
      navigate(`/accident/${c.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="fq-tq-card">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('traffic.quick.joinTitle')}
      </Typography.Title>
      <Input
        data-testid="tq-join-code"
        aria-label={t('traffic.quick.joinCode')}
        className="fq-tq-code-input"
        inputMode="numeric"
        maxLength={6}
        value={code}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      <Button
        type="primary"
        block
        size="large"
        onClick={join}
        loading={busy}
        style={{ marginTop: 12 }}
        disabled={code.length !== 6}
        data-testid="tq-join-submit"
      >
        {t('traffic.quick.joinSubmit')}
      </Button>
    </div>
  );
}
