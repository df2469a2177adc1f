import {
  BankOutlined,
  DeleteOutlined,
  EnvironmentOutlined,
  LinkOutlined,
  SaveOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { CreateDisputeRequest, LookupResult, PartyInput, PlaceView } from '@fengqiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Segmented,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { ApiRequestError, type FieldProblem } from '../../api/errors';
import { keys, useAllPlaces, useConfig, useIncident, useTownMap } from '../../api/queries';
import { isMediatorPortal } from '../../app/nav';
import { useCurrentUser, useHasPermission } from '../../app/session';
import { ErrorAlert, useErrorText, useFieldText } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { type LngLat, OpsMap } from '../command/OpsMap';
import { useMediationLabels } from './labels';
import { INCIDENT_CATEGORY_MAP, RISKS, type Risk, SOURCES } from './mediation-data';
import { type DisputeDetail, mkeys } from './queries';
import '../command/command.css';
import './mediation.css';

type Role = PartyInput['role'];

interface PartyValues {
  kind: 'person' | 'enterprise';
  role: Role;
  name?: string;
  gender?: 'M' | 'F';
  idNumber?: string;
  phone?: string;
  address?: string;
  creditCode?: string;
  legalRepresentative?: string;
}

interface Values {
  categoryCode?: string;
  source: (typeof SOURCES)[number];
  summary?: string;
  facts?: string;
  claims?: string;
  place?: string;
  gridId?: string;
  risk: Risk;
  amount?: number | null;
  level: 1 | 2 | 3;
  parties: PartyValues[];
}

const ROLES: Role[] = ['applicant', 'respondent', 'third_party'];
const trimmed = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

function partyInput(p: PartyValues): PartyInput {
  const common = {
    role: p.role,
    ...(trimmed(p.phone) ? { phone: trimmed(p.phone) } : {}),
    ...(trimmed(p.address) ? { address: trimmed(p.address) } : {}),
  };
  if (p.kind === 'enterprise')
    return {
      kind: 'enterprise',
      name: p.name?.trim() ?? '',
      creditCode: p.creditCode?.trim().toUpperCase() ?? '',
      ...(trimmed(p.legalRepresentative) ? { legalRepresentative: trimmed(p.legalRepresentative) } : {}),
      ...common,
    };
  return {
    kind: 'person',
    name: p.name?.trim() ?? '',
    ...(p.gender ? { gender: p.gender } : {}),
    ...(trimmed(p.idNumber) ? { idNumber: trimmed(p.idNumber)?.toUpperCase() } : {}),
    ...common,
  };
}

/** Where a server problem belongs in this form: `body.parties.1.idNumber` → ['parties', 1, 'idNumber']. */
function formPath(path: string): (string | number)[] | null {
  const p = path.replace(/^body\./, '');
  const party = /^parties\.(\d+)\.(\w+)$/.exec(p);
  if (party?.[1] && party[2]) return ['parties', Number(party[1]), party[2]];
  if (p === 'location' || p === 'gridId') return ['place'];
  if (/^(categoryCode|summary|facts|claims|place|risk|amount|level|source)$/.test(p)) return [p];
  return null;
}

/** The paths of the leaves in an Ant Design `changedValues` object (lists hold only the changed items). */
function changedPaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => (x === undefined ? [] : changedPaths(x, [...prefix, i])));
  if (typeof v === 'object' && v !== null && !('$d' in v))
    return Object.entries(v).flatMap(([k, x]) => changedPaths(x, [...prefix, k]));
  return prefix.length > 0 ? [prefix] : [];
}

/** `/mediation/new` (and `?incident=<id>`): registering a dispute in the ledger. */
export default function NewDisputePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useCurrentUser();
  const has = useHasPermission();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const labels = useMediationLabels();
  const [params] = useSearchParams();
  const incidentId = params.get('incident');
  const incident = useIncident(incidentId && has('incidents.read') ? incidentId : null);
  const canMap = has('map.view');
  const town = useTownMap();
  const config = useConfig();
  const places = useAllPlaces(canMap);
  const [form] = Form.useForm<Values>();
  const [point, setPoint] = useState<LngLat | null>(null);
  const [focus, setFocus] = useState<LngLat | null>(null);
  const [lookup, setLookup] = useState<LookupResult | null>(null);
  const [placeQuery, setPlaceQuery] = useState('');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const prefilled = useRef(false);
  const portal = isMediatorPortal(me.roles);
  const coordinate = has('disputes.coordinate');

  const myGrids = useMemo(() => {
    const grids = (town.data?.grids ?? []).slice().sort((a, b) => a.code.localeCompare(b.code));
    return me.scope === 'grids' ? grids.filter((g) => me.gridIds.includes(g.id)) : grids;
  }, [town.data, me.scope, me.gridIds]);

  // A grid officer with one grid registers in it unless a point says otherwise.
  useEffect(() => {
    const only = myGrids.length === 1 ? myGrids[0] : undefined;
    if (only && !form.getFieldValue('gridId')) form.setFieldValue('gridId', only.id);
  }, [myGrids, form]);

  // From a command-room incident: its category, place, point, summary, description and caller.
  useEffect(() => {
    const d = incident.data;
    if (!d || prefilled.current) return;
    prefilled.current = true;
    const category = INCIDENT_CATEGORY_MAP[d.categoryCode];
    const caller = d.callerName?.trim();
    form.setFieldsValue({
      source: 'incident',
      ...(category ? { categoryCode: category } : {}),
      summary: d.summary.slice(0, 200),
      facts: d.description,
      ...(d.address ? { place: d.address } : {}),
      ...(caller
        ? {
            parties: [
              { kind: 'person', role: 'applicant', name: caller },
              { kind: 'person', role: 'respondent' },
            ],
          }
        : {}),
    });
    if (d.location) {
      setPoint(d.location);
      setFocus(d.location);
    }
  }, [incident.data, form]);

  // The grid of the picked point, as the server will find it.
  useEffect(() => {
    if (!point || !canMap) {
      setLookup(null);
      return;
    }
    let live = true;
    api
      .get<LookupResult>('/api/geo/lookup', { lng: point[0], lat: point[1], crs: 'WGS84' })
      .then((r) => {
        if (live) setLookup(r);
      })
      .catch(() => {
        if (live) setLookup(null);
      });
    return () => {
      live = false;
    };
  }, [point, canMap]);

  const placeOptions = useMemo(() => {
    const q = placeQuery.trim().toLowerCase();
    if (!q) return [];
    const gridCode = new Map((town.data?.grids ?? []).map((g) => [g.id, g.code]));
    const hits: { value: string; label: ReactNode; point: LngLat }[] = [];
    const list: PlaceView[] = places.data ?? [];
    for (const p of list) {
      if (hits.length >= 8) break;
      if (p.name.toLowerCase().includes(q) && !hits.some((h) => h.value === p.name))
        hits.push({
          value: p.name,
          point: p.point,
          label: (
            <div className="fq-med-place-option">
              <span>{p.name}</span>
              <span className="fq-muted">{p.gridId ? (gridCode.get(p.gridId) ?? '') : ''}</span>
            </div>
          ),
        });
    }
    return hits;
  }, [placeQuery, places.data, town.data]);

  const showProblems = (err: unknown): boolean => {
    if (!(err instanceof ApiRequestError) || err.fields.length === 0) return false;
    const byName = new Map<string, { name: (string | number)[]; errors: string[] }>();
    for (const f of err.fields as FieldProblem[]) {
      const name = formPath(f.path);
      if (!name) continue;
      const key = name.join('.');
      const entry = byName.get(key) ?? { name, errors: [] };
      entry.errors.push(fieldText(f));
      byName.set(key, entry);
    }
    if (byName.size === 0) return false;
    form.setFields(
      [...byName.values()].map((x) => ({ name: x.name, errors: x.errors })) as Parameters<typeof form.setFields>[0],
    );
    const first = [...byName.values()][0];
    if (first) form.scrollToField(first.name, { block: 'center' });
    return true;
  };

  const submit = async (v: Values) => {
    setProblem(null);
    const body: CreateDisputeRequest = {
      categoryCode: v.categoryCode ?? '',
      source: v.source,
      ...(v.source === 'incident' && incidentId ? { incidentId } : {}),
      summary: v.summary?.trim() ?? '',
      facts: v.facts?.trim() ?? '',
      claims: v.claims?.trim() ?? '',
      ...(trimmed(v.place) ? { place: trimmed(v.place) } : {}),
      ...(point ? { location: { lng: point[0], lat: point[1], crs: 'WGS84' } } : v.gridId ? { gridId: v.gridId } : {}),
      risk: v.risk,
      ...(v.amount !== undefined && v.amount !== null ? { amount: v.amount } : {}),
      level: v.level,
      parties: v.parties.map(partyInput),
    };
    setSaving(true);
    try {
      const created = await api.post<DisputeDetail>('/api/mediation/disputes', body);
      message.success(t('mediation.create.created', { number: created.number }));
      void qc.invalidateQueries({ queryKey: mkeys.disputesAll });
      // The incident now links to the dispute (its drawer and order card show it).
      if (created.incidentId) void qc.invalidateQueries({ queryKey: keys.incident(created.incidentId) });
      navigate(`/mediation/${created.id}`);
    } catch (e) {
      if (!showProblems(e)) setProblem(e);
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const linked = incident.data?.links.find((l) => l.kind === 'dispute');

  return (
    <div className="fq-page fq-page-narrow fq-med" data-testid="new-dispute-page">
      <PageHeader title={t('mediation.create.title')} subtitle={t('mediation.create.subtitle')} />
      {portal ? (
        <Alert type="info" showIcon title={t('mediation.create.portalNote')} style={{ marginBottom: 16 }} />
      ) : null}
      {incidentId ? (
        <Card size="small" className="fq-med-incident" data-testid="from-incident">
          {incident.isError ? <ErrorAlert error={incident.error} /> : null}
          {incident.data ? (
            <Space orientation="vertical" size={4}>
              <Space wrap>
                <LinkOutlined />
                <strong>{t('mediation.create.fromIncident')}</strong>
                <Link to={`/command?incident=${incident.data.id}`} className="fq-mono">
                  {incident.data.number}
                </Link>
                <span>{incident.data.summary}</span>
                {incident.data.gridCode ? <Tag>{incident.data.gridCode}</Tag> : null}
              </Space>
              <Typography.Text type="secondary">{t('mediation.create.fromIncidentHint')}</Typography.Text>
              {linked ? (
                <Alert
                  type="warning"
                  showIcon
                  title={t('mediation.create.alreadyLinked')}
                  action={<Link to={`/mediation/${linked.targetId}`}>{t('mediation.create.openLinked')}</Link>}
                />
              ) : null}
            </Space>
          ) : null}
        </Card>
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark="optional"
        onFinish={(v) => void submit(v)}
        initialValues={{
          source: incidentId ? 'incident' : 'walk_in',
          risk: 'yellow',
          level: 1,
          parties: [
            { kind: 'person', role: 'applicant' },
            { kind: 'person', role: 'respondent' },
          ],
        }}
        onValuesChange={(changed) => {
          setProblem(null);
          // A server problem shown under a field goes as soon as the user edits that field.
          const stale = changedPaths(changed).filter((name) => form.getFieldError(name as never).length > 0);
          if (stale.length > 0)
            form.setFields(
              stale.map((name) => ({ name, errors: [] as string[] })) as Parameters<typeof form.setFields>[0],
            );
        }}
        data-testid="dispute-form"
        scrollToFirstError
      >
        <Card title={t('mediation.create.sectionDispute')} className="fq-med-form-card">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="categoryCode"
                label={t('mediation.fields.category')}
                rules={[{ required: true, message: t('mediation.create.categoryRequired') }]}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('mediation.create.categoryPlaceholder')}
                  options={labels.activeCategories.map((c) => ({ value: c.code, label: labels.category(c.code) }))}
                  data-testid="dispute-category"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="source" label={t('mediation.fields.source')}>
                <Select
                  disabled={Boolean(incidentId)}
                  options={SOURCES.filter((s) => s !== 'incident' || incidentId).map((s) => ({
                    value: s,
                    label: t(`mediation.source.${s}`),
                  }))}
                  data-testid="dispute-source"
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="summary"
            label={t('mediation.fields.summary')}
            rules={[
              { required: true, whitespace: true, message: t('mediation.create.summaryRequired') },
              { min: 2, message: t('mediation.create.summaryRequired') },
            ]}
          >
            <Input
              maxLength={200}
              showCount
              placeholder={t('mediation.create.summaryPlaceholder')}
              data-testid="dispute-summary"
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="facts" label={t('mediation.fields.facts')}>
                <Input.TextArea
                  rows={4}
                  maxLength={8000}
                  placeholder={t('mediation.create.factsPlaceholder')}
                  data-testid="dispute-facts"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="claims" label={t('mediation.fields.claims')}>
                <Input.TextArea rows={4} maxLength={4000} placeholder={t('mediation.create.claimsPlaceholder')} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="risk" label={t('mediation.fields.risk')} extra={t('mediation.create.riskHint')}>
                <Radio.Group optionType="button" buttonStyle="solid" data-testid="dispute-risk">
                  {RISKS.map((r) => (
                    <Tooltip key={r} title={labels.riskMeaning(r)}>
                      <Radio.Button value={r} className={`fq-med-risk-radio fq-med-risk-radio-${r}`}>
                        <span className={`fq-med-risk-dot fq-med-risk-dot-${r}`} />
                        {t(`mediation.risk.${r}`)}
                        {labels.resolveDays(r) !== null ? (
                          <span className="fq-med-risk-days">
                            {' '}
                            {t('mediation.create.resolveDays', { days: labels.resolveDays(r) ?? 0 })}
                          </span>
                        ) : null}
                      </Radio.Button>
                    </Tooltip>
                  ))}
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="amount" label={t('mediation.fields.amountYuan')}>
                <InputNumber<number>
                  min={0}
                  max={1e12}
                  precision={2}
                  style={{ width: '100%' }}
                  data-testid="dispute-amount"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="level"
                label={t('mediation.fields.initialLevel')}
                extra={coordinate ? undefined : t('mediation.create.levelHint')}
              >
                <Select
                  disabled={!coordinate}
                  options={([1, 2, 3] as const).map((l) => ({ value: l, label: t(`mediation.levelName.${l}`) }))}
                  popupMatchSelectWidth={false}
                  data-testid="dispute-level"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t('mediation.create.sectionPlace')} className="fq-med-form-card">
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item
                name="place"
                label={t('mediation.fields.place')}
                extra={canMap ? t('mediation.create.placeHint') : undefined}
              >
                <AutoComplete
                  options={placeOptions}
                  onSearch={setPlaceQuery}
                  onSelect={(_v, option) => {
                    setPlaceQuery('');
                    setPoint(option.point);
                    setFocus(option.point);
                    form.setFields([{ name: 'place', errors: [] }]);
                  }}
                  placeholder={t('mediation.create.placePlaceholder')}
                  data-testid="dispute-place"
                />
              </Form.Item>
              <Form.Item
                name="gridId"
                label={t('mediation.fields.grid')}
                extra={point ? t('mediation.create.gridFromPoint') : t('mediation.create.gridHint')}
              >
                <Select
                  allowClear
                  disabled={point !== null}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={myGrids.map((g) => ({ value: g.id, label: `${g.code} ${g.name}` }))}
                  data-testid="dispute-grid"
                />
              </Form.Item>
              {point ? (
                <div className="fq-med-point" data-testid="picked-point" data-grid={lookup?.grid?.code ?? ''}>
                  <EnvironmentOutlined /> {t('mediation.create.pointSet', { lon: point[0], lat: point[1] })}
                  {lookup?.grid ? (
                    <div>
                      {t('mediation.create.pointGrid', { code: lookup.grid.code, name: lookup.grid.name })}
                      {lookup.officer ? ` · ${t('mediation.create.pointOfficer', { name: lookup.officer.name })}` : ''}
                    </div>
                  ) : lookup ? (
                    <div className="fq-muted">{t('mediation.create.pointOutside')}</div>
                  ) : null}
                  <Button size="small" type="link" onClick={() => setPoint(null)}>
                    {t('mediation.create.clearPoint')}
                  </Button>
                </div>
              ) : null}
            </Col>
            <Col xs={24} md={14}>
              {canMap && town.data ? (
                <div className="fq-med-map">
                  <OpsMap
                    town={town.data}
                    tileUrl={config.data?.mapTileUrl ?? null}
                    tileAttribution={config.data?.mapTileAttribution ?? null}
                    pick={point}
                    focus={focus}
                    onPick={(p) => {
                      setPoint(p);
                      form.setFields([{ name: 'place', errors: [] }]);
                    }}
                    testId="dispute-map"
                  />
                </div>
              ) : null}
            </Col>
          </Row>
        </Card>

        <Card title={t('mediation.create.sectionParties')} className="fq-med-form-card">
          <Form.List
            name="parties"
            rules={[
              {
                validator: async (_r, list: PartyValues[] | undefined) => {
                  if (!list || list.length === 0) throw new Error(t('mediation.create.partiesRequired'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field) => (
                  <PartyFields
                    key={field.key}
                    index={field.name}
                    onRemove={fields.length > 1 ? () => remove(field.name) : undefined}
                  />
                ))}
                <Form.ErrorList errors={errors} />
                <Space>
                  <Button
                    icon={<UserOutlined />}
                    onClick={() => add({ kind: 'person', role: 'third_party' })}
                    data-testid="add-person"
                  >
                    {t('mediation.create.addPerson')}
                  </Button>
                  <Button
                    icon={<BankOutlined />}
                    onClick={() => add({ kind: 'enterprise', role: 'respondent' })}
                    data-testid="add-enterprise"
                  >
                    {t('mediation.create.addEnterprise')}
                  </Button>
                </Space>
              </>
            )}
          </Form.List>
        </Card>

        {problem ? <ErrorAlert error={problem} title={errorText(problem)} /> : null}
        <div className="fq-med-form-actions">
          <Button onClick={() => navigate(-1)}>{t('app.cancel')}</Button>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined />}
            loading={saving}
            data-testid="dispute-submit"
          >
            {t('mediation.create.submit')}
          </Button>
        </div>
      </Form>
    </div>
  );
}

/** One party: a person (ID number and phone checked and sealed by the server) or an enterprise (credit code). */
function PartyFields({ index, onRemove }: { index: number; onRemove?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<Values>();
  const kind = Form.useWatch(['parties', index, 'kind'], form) ?? 'person';
  return (
    <div className="fq-med-party" data-testid="party-fields" data-index={index}>
      <div className="fq-med-party-head">
        <Space>
          <Form.Item name={[index, 'kind']} noStyle>
            <Segmented<'person' | 'enterprise'>
              options={[
                { value: 'person', icon: <UserOutlined />, label: t('mediation.party.person') },
                { value: 'enterprise', icon: <BankOutlined />, label: t('mediation.party.enterprise') },
              ]}
            />
          </Form.Item>
          <Form.Item name={[index, 'role']} noStyle>
            <Select<Role>
              style={{ width: 130 }}
              options={ROLES.map((r) => ({ value: r, label: t(`mediation.party.roles.${r}`) }))}
              aria-label={t('mediation.party.role')}
            />
          </Form.Item>
        </Space>
        {onRemove ? (
          <Button
            type="text"
            danger
            icon={<DeleteOutlined />}
            onClick={onRemove}
            aria-label={t('mediation.create.removeParty')}
          >
            {t('mediation.create.removeParty')}
          </Button>
        ) : null}
      </div>
      <Row gutter={12}>
        <Col xs={24} md={kind === 'person' ? 6 : 10}>
          <Form.Item
            name={[index, 'name']}
            label={kind === 'person' ? t('mediation.party.name') : t('mediation.party.enterpriseName')}
            rules={[{ required: true, whitespace: true, message: t('mediation.create.partyNameRequired') }]}
          >
            <Input maxLength={kind === 'person' ? 64 : 100} data-testid="party-name" />
          </Form.Item>
        </Col>
        {kind === 'person' ? (
          <>
            <Col xs={8} md={3}>
              <Form.Item name={[index, 'gender']} label={t('mediation.party.gender')}>
                <Select
                  allowClear
                  options={[
                    { value: 'M', label: t('gender.M') },
                    { value: 'F', label: t('gender.F') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={16} md={8}>
              <Form.Item name={[index, 'idNumber']} label={t('mediation.party.idNumber')}>
                <Input maxLength={32} className="fq-mono-input" data-testid="party-id" autoComplete="off" />
              </Form.Item>
            </Col>
          </>
        ) : (
          <>
            <Col xs={24} md={8}>
              <Form.Item
                name={[index, 'creditCode']}
                label={t('mediation.party.creditCode')}
                rules={[{ required: true, whitespace: true, message: t('mediation.create.creditCodeRequired') }]}
              >
                <Input maxLength={32} className="fq-mono-input" data-testid="party-credit" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name={[index, 'legalRepresentative']} label={t('mediation.party.legalRepresentative')}>
                <Input maxLength={64} />
              </Form.Item>
            </Col>
          </>
        )}
        <Col xs={24} md={kind === 'person' ? 7 : 24}>
          <Form.Item name={[index, 'phone']} label={t('mediation.party.phone')}>
            <Input maxLength={32} inputMode="tel" data-testid="party-phone" autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name={[index, 'address']} label={t('mediation.party.address')} className="fq-med-party-address">
        <Input maxLength={200} />
      </Form.Item>
    </div>
  );
}
