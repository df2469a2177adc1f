import { AimOutlined, EnvironmentOutlined, SendOutlined, UserOutlined, WarningOutlined } from '@ant-design/icons';
import type { CategoryView, PlaceView, RoutingView } from '@fengqiao/contracts';
import type { IncidentSource, Priority } from '@fengqiao/domain';
import {
  Alert,
  AutoComplete,
  Button,
  Descriptions,
  Form,
  Input,
  Radio,
  type RefSelectProps,
  Segmented,
  Select,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../api/client';
import type { CreateIncidentResult } from '../../api/queries';
import { useAllPlaces, useCategories, useConfig, useTownMap } from '../../api/queries';
import { useHasPermission } from '../../app/session';
import { applyFieldErrors, useErrorText, useFieldText } from '../../shared/errors';
import { categoryMatches, newIdempotencyKey, PRIORITY_ORDER, summaryOf } from './command-data';
import { usePriorityReason } from './labels';
import { type LngLat, OpsMap } from './OpsMap';
import './command.css';

interface CallValues {
  categoryCode?: string;
  address?: string;
  callerName?: string;
  callerPhone?: string;
  description?: string;
}

interface Suggestion {
  priority: Priority;
  reason: string;
  routing: RoutingView | null;
}

/** The form's fields in Tab order (their input ids are the field names). */
const FIELD_ORDER: readonly (keyof CallValues)[] = [
  'categoryCode',
  'address',
  'callerName',
  'callerPhone',
  'description',
];

function isField(name: string): name is keyof CallValues {
  return (FIELD_ORDER as readonly string[]).includes(name);
}

const SOURCES: readonly IncidentSource[] = ['call_110', 'walk_in', 'patrol', 'volunteer', 'online', 'camera'];

export interface CallTakingFormProps {
  /** Called after an incident was accepted (or an earlier identical submission returned). */
  onDone?: (result: CreateIncidentResult) => void;
  /** The modal passes its open state, so the category gets focus each time it opens. */
  active?: boolean;
  compact?: boolean;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/**
 * The keyboard-first call-taking form. Tab order: category (type-ahead) →
 * address (type-ahead over the station's places; choosing one sets the map
 * point) → caller → phone → description; Ctrl+Enter accepts and dispatches to
 * the routed assignee, Ctrl+Shift+Enter only accepts. The priority and the
 * routing are suggested by the server as the operator types.
 */
export function CallTakingForm({ onDone, active = true, compact = false }: CallTakingFormProps) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const has = useHasPermission();
  const canDispatch = has('incidents.dispatch');
  const volunteerOnly = !has('incidents.read');
  const canMap = has('map.view');
  const [form] = Form.useForm<CallValues>();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const priorityReason = usePriorityReason();
  const categories = useCategories();
  const places = useAllPlaces(canMap);
  const town = useTownMap();
  const config = useConfig();

  const [source, setSource] = useState<IncidentSource>(volunteerOnly ? 'volunteer' : 'call_110');
  const [point, setPoint] = useState<LngLat | null>(null);
  const [focus, setFocus] = useState<LngLat | null>(null);
  const [override, setOverride] = useState<Priority | null>(null);
  const [suggestion, setSuggestion] = useState<Suggestion | null>(null);
  const [suggestFailed, setSuggestFailed] = useState<string | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const [submitting, setSubmitting] = useState<'auto' | 'none' | null>(null);
  const [result, setResult] = useState<CreateIncidentResult | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [addressQuery, setAddressQuery] = useState('');
  const keyRef = useRef(newIdempotencyKey());
  const busy = useRef(false);
  const categoryRef = useRef<RefSelectProps>(null);

  const categoryCode = Form.useWatch('categoryCode', form);
  const description = Form.useWatch('description', form) ?? '';
  const typedDescription = useDebounced(description, 300);

  const byCode = useMemo(() => new Map((categories.data ?? []).map((c) => [c.code, c])), [categories.data]);
  const categoryOptions = useMemo(() => {
    const active = (categories.data ?? []).filter((c) => c.active);
    const tops = active.filter((c) => !c.parentCode);
    return tops.map((top) => ({
      label: english ? top.nameEn : top.nameZh,
      title: top.code,
      options: [top, ...active.filter((c) => c.parentCode === top.code)].map((c) => ({
        value: c.code,
        label: c.parentCode
          ? english
            ? c.nameEn
            : c.nameZh
          : t('call.categoryGeneral', { name: english ? c.nameEn : c.nameZh }),
      })),
    }));
  }, [categories.data, english, t]);

  const addressOptions = useMemo(() => {
    const q = addressQuery.trim().toLowerCase();
    if (!q) return [];
    const grids = town.data?.grids ?? [];
    const gridCode = new Map(grids.map((g) => [g.id, g.code]));
    const hits: { value: string; label: ReactNode; point: LngLat }[] = [];
    const seen = new Set<string>();
    const push = (name: string, kind: string, p: LngLat, grid: string | null) => {
      if (seen.has(name) || hits.length >= 8) return;
      seen.add(name);
      hits.push({
        value: name,
        point: p,
        label: (
          <div className="fq-call-place">
            <span>{name}</span>
            <span className="fq-muted">
              {kind}
              {grid ? ` · ${grid}` : ''}
            </span>
          </div>
        ),
      });
    };
    const placeList: PlaceView[] = places.data ?? [];
    // Streets, villages and landmarks before enterprises: callers name those first.
    const order = ['street', 'village', 'business_district', 'school', 'community_police_office', 'service_hall'];
    const sorted = [...placeList].sort((a, b) => (order.indexOf(a.kind) + 1 || 99) - (order.indexOf(b.kind) + 1 || 99));
    for (const p of sorted) {
      if (p.name.toLowerCase().includes(q))
        push(p.name, t(`call.placeKinds.${p.kind}`), p.point, p.gridId ? (gridCode.get(p.gridId) ?? null) : null);
    }
    for (const g of grids) {
      if (g.name.toLowerCase().includes(q) || g.code.toLowerCase() === q)
        push(g.name, t('call.placeKinds.grid'), g.centroid, g.code);
    }
    return hits;
  }, [addressQuery, places.data, town.data, t]);

  // Ask the server for the priority and the routing as the operator types.
  useEffect(() => {
    if (!categoryCode) {
      setSuggestion(null);
      return;
    }
    const controller = new AbortController();
    setSuggesting(true);
    setSuggestFailed(null);
    request<Suggestion>('/api/incidents/suggest', {
      method: 'POST',
      body: {
        categoryCode,
        description: typedDescription,
        source,
        ...(point ? { location: { lng: point[0], lat: point[1], crs: 'WGS84' } } : {}),
      },
      signal: controller.signal,
    })
      .then((s) => {
        setSuggestion(s);
        setSuggesting(false);
      })
      .catch((e: unknown) => {
        if (e instanceof DOMException && e.name === 'AbortError') return;
        setSuggesting(false);
        setSuggestFailed(errorText(e));
      });
    return () => controller.abort();
  }, [categoryCode, typedDescription, point, source, errorText]);

  // Focus the category after React has committed: a form reset re-mounts the fields, and
  // focusing the old input just before it goes would leave the focus on the page body.
  const [focusTick, setFocusTick] = useState(0);
  const focusCategory = useCallback(() => setFocusTick((n) => n + 1), []);
  useEffect(() => {
    if (!active || focusTick < 0) return;
    const frame = requestAnimationFrame(() => categoryRef.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [active, focusTick]);

  const reset = useCallback(() => {
    // Clear values and errors in place: resetFields would re-mount every field, which
    // races the focus move and, now and then, Ant Design's field meta updates.
    form.setFields(FIELD_ORDER.map((name) => ({ name, value: undefined, errors: [], touched: false })));
    setPoint(null);
    setFocus(null);
    setOverride(null);
    setSuggestion(null);
    setAddressQuery('');
    keyRef.current = newIdempotencyKey();
  }, [form]);

  const submit = useCallback(
    async (dispatch: 'auto' | 'none') => {
      // One submission at a time; a resend (network retry) carries the same Idempotency-Key.
      if (busy.current) return;
      busy.current = true;
      setSubmitError(null);
      let values: CallValues;
      try {
        values = await form.validateFields();
      } catch {
        busy.current = false;
        return;
      }
      if (!values.categoryCode || !values.description) {
        busy.current = false;
        return;
      }
      const category = byCode.get(values.categoryCode);
      setSubmitting(dispatch);
      try {
        const res = await api.post<CreateIncidentResult>(
          '/api/incidents',
          {
            source,
            categoryCode: values.categoryCode,
            ...(override ? { priority: override } : {}),
            summary: summaryOf(values.description, category ? (english ? category.nameEn : category.nameZh) : ''),
            description: values.description.trim(),
            ...(values.address?.trim() ? { address: values.address.trim() } : {}),
            ...(point ? { location: { lng: point[0], lat: point[1], crs: 'WGS84' } } : {}),
            ...(values.callerName?.trim() ? { callerName: values.callerName.trim() } : {}),
            ...(values.callerPhone?.trim() ? { callerPhone: values.callerPhone.trim() } : {}),
            dispatch: canDispatch && !volunteerOnly ? dispatch : 'none',
          },
          undefined,
          { 'Idempotency-Key': keyRef.current },
        );
        setResult(res);
        reset();
        onDone?.(res);
        focusCategory();
      } catch (e) {
        const placed = applyFieldErrors(form, e, fieldText, { location: 'address', summary: 'description' });
        if (!placed) setSubmitError(errorText(e));
      } finally {
        busy.current = false;
        setSubmitting(null);
      }
    },
    [
      form,
      byCode,
      source,
      override,
      english,
      point,
      canDispatch,
      volunteerOnly,
      reset,
      onDone,
      focusCategory,
      fieldText,
      errorText,
    ],
  );

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit(e.shiftKey || !canDispatch ? 'none' : 'auto');
      return;
    }
    // In an open list, Tab takes the highlighted option and stays put; move on as Tab promises.
    if (e.key === 'Tab' && e.defaultPrevented && e.target instanceof HTMLElement) {
      const i = isField(e.target.id) ? FIELD_ORDER.indexOf(e.target.id) : -1;
      const next = i < 0 ? undefined : FIELD_ORDER[e.shiftKey ? i - 1 : i + 1];
      if (next) document.getElementById(next)?.focus();
    }
  };

  // The suggestion lags the typing by the debounce and the request; say so rather than show a stale one as final.
  const pending = Boolean(categoryCode) && (suggesting || description !== typedDescription);
  const suggested = suggestion?.priority ?? null;
  const priority = override ?? suggested;
  const routing = suggestion?.routing ?? null;
  const category: CategoryView | undefined = categoryCode ? byCode.get(categoryCode) : undefined;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the form's Ctrl+Enter shortcut listens on its container
    <div className={compact ? 'fq-call fq-call-compact' : 'fq-call'} onKeyDown={onKeyDown} data-testid="call-form">
      <div className="fq-call-main">
        {result ? (
          <Alert
            type={result.created ? 'success' : 'info'}
            showIcon
            closable={{ onClose: () => setResult(null) }}
            className="fq-call-result"
            data-testid="call-result"
            title={
              result.created
                ? t('call.accepted', { number: result.incident.number })
                : t('call.repeated', { number: result.incident.number })
            }
            description={
              result.incident.orders[0]
                ? t('call.dispatchedTo', { assignee: result.incident.orders[0].assigneeLabel })
                : t('call.inTriage')
            }
          />
        ) : null}
        {submitError ? (
          <Alert type="error" showIcon title={submitError} className="fq-call-result" data-testid="call-error" />
        ) : null}
        <Form<CallValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          className="fq-call-form"
          onValuesChange={(changed: Partial<CallValues>) => {
            // A server error under a field (e.g. the phone) goes once the operator edits it.
            const stale = Object.keys(changed)
              .filter(isField)
              .filter((name) => form.getFieldError(name).length > 0);
            if (stale.length > 0) form.setFields(stale.map((name) => ({ name, errors: [] })));
          }}
        >
          <Form.Item
            name="categoryCode"
            label={t('call.category')}
            rules={[{ required: true, message: t('call.categoryRequired') }]}
          >
            <Select
              ref={categoryRef}
              data-testid="call-category"
              placeholder={t('call.categoryPlaceholder')}
              options={categoryOptions}
              loading={categories.isPending}
              showSearch={{
                filterOption: (input, option) => {
                  const code = option && 'value' in option && typeof option.value === 'string' ? option.value : '';
                  const c = byCode.get(code);
                  if (!c) return false;
                  return categoryMatches(c, c.parentCode ? byCode.get(c.parentCode) : undefined, input);
                },
              }}
              popupMatchSelectWidth={false}
              size="large"
            />
          </Form.Item>
          <Form.Item
            name="address"
            label={t('call.address')}
            extra={canMap ? t('call.addressHint') : undefined}
            rules={[
              {
                validator: async (_r, v: string | undefined) => {
                  if (!v?.trim() && !point) throw new Error(t('call.locationRequired'));
                },
              },
            ]}
          >
            <AutoComplete
              data-testid="call-address"
              options={addressOptions}
              onSearch={setAddressQuery}
              onSelect={(_v, option) => {
                // Close the list: the chosen name would match itself again.
                setAddressQuery('');
                setPoint(option.point);
                setFocus(option.point);
                form.setFields([{ name: 'address', errors: [] }]);
              }}
              placeholder={t('call.addressPlaceholder')}
              size="large"
            />
          </Form.Item>
          <div className="fq-call-row">
            <Form.Item name="callerName" label={t('call.callerName')}>
              <Input data-testid="call-caller" prefix={<UserOutlined />} autoComplete="off" maxLength={64} />
            </Form.Item>
            <Form.Item name="callerPhone" label={t('call.callerPhone')}>
              <Input data-testid="call-phone" inputMode="tel" autoComplete="off" maxLength={32} />
            </Form.Item>
          </div>
          <Form.Item
            name="description"
            label={t('call.description')}
            rules={[
              { required: true, message: t('call.descriptionRequired') },
              { min: 2, message: t('call.descriptionRequired') },
              { max: 4000 },
            ]}
          >
            <Input.TextArea
              data-testid="call-description"
              autoSize={{ minRows: 3, maxRows: 8 }}
              placeholder={t('call.descriptionPlaceholder')}
            />
          </Form.Item>
        </Form>

        <div
          className="fq-call-suggest"
          data-testid="call-suggestion"
          data-pending={pending}
          aria-live="polite"
          aria-busy={pending}
        >
          <div className="fq-call-suggest-head">
            <Typography.Text strong>{t('call.priority')}</Typography.Text>
            {pending ? <Spin size="small" /> : null}
            {suggested ? (
              <span className="fq-muted" data-testid="suggested-priority" data-priority={suggested}>
                {t('call.suggested', { priority: t(`priority.${suggested}`) })}
                {suggestion ? ` · ${priorityReason(suggestion.reason)}` : ''}
              </span>
            ) : (
              <span className="fq-muted">{t('call.chooseCategoryFirst')}</span>
            )}
          </div>
          <Space wrap>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              value={priority}
              onChange={(e) => setOverride(e.target.value as Priority)}
              options={PRIORITY_ORDER.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
              data-testid="call-priority"
            />
            {override && override !== suggested ? (
              <>
                <Tag color="gold">{t('call.overridden')}</Tag>
                <Button type="link" size="small" onClick={() => setOverride(null)}>
                  {t('call.useSuggested')}
                </Button>
              </>
            ) : null}
          </Space>
          {suggestFailed ? <Alert type="warning" showIcon title={suggestFailed} style={{ marginTop: 8 }} /> : null}
          <RoutingPreview routing={routing} hasPoint={point !== null} categoryChosen={Boolean(category)} />
        </div>

        <div className="fq-call-actions">
          {!volunteerOnly ? (
            <Segmented<IncidentSource>
              size="small"
              value={source}
              onChange={setSource}
              options={SOURCES.filter((s) => s !== 'online' && s !== 'camera').map((s) => ({
                value: s,
                label: t(`source.${s}`),
              }))}
              aria-label={t('call.source')}
            />
          ) : (
            <span />
          )}
          <Space>
            <Tooltip title="Ctrl+Shift+Enter">
              <Button
                size="large"
                onClick={() => void submit('none')}
                loading={submitting === 'none'}
                disabled={submitting !== null}
                data-testid="call-accept-only"
              >
                {volunteerOnly ? t('call.report') : t('call.acceptOnly')}
              </Button>
            </Tooltip>
            {canDispatch && !volunteerOnly ? (
              <Tooltip title="Ctrl+Enter">
                <Button
                  type="primary"
                  size="large"
                  icon={<SendOutlined />}
                  onClick={() => void submit('auto')}
                  loading={submitting === 'auto'}
                  disabled={submitting !== null}
                  data-testid="call-accept-dispatch"
                >
                  {t('call.acceptDispatch')}
                </Button>
              </Tooltip>
            ) : null}
          </Space>
        </div>
        <div className="fq-call-keys fq-muted">{t('call.keys')}</div>
      </div>
      {canMap && town.data ? (
        <div className="fq-call-map">
          <div className="fq-call-map-head">
            <EnvironmentOutlined /> {point ? t('call.pointSet', { lon: point[0], lat: point[1] }) : t('call.pickHint')}
            {point ? (
              <Button
                size="small"
                type="link"
                onClick={() => {
                  setPoint(null);
                }}
              >
                {t('call.clearPoint')}
              </Button>
            ) : null}
          </div>
          <OpsMap
            town={town.data}
            tileUrl={config.data?.mapTileUrl ?? null}
            tileAttribution={config.data?.mapTileAttribution ?? null}
            pick={point}
            focus={focus}
            onPick={(p) => {
              setPoint(p);
              form.setFields([{ name: 'address', errors: [] }]);
            }}
            testId="call-map"
          />
        </div>
      ) : null}
    </div>
  );
}

function RoutingPreview({
  routing,
  hasPoint,
  categoryChosen,
}: {
  routing: RoutingView | null;
  hasPoint: boolean;
  categoryChosen: boolean;
}) {
  const { t } = useTranslation();
  if (!categoryChosen) return null;
  if (!hasPoint) {
    return (
      <Alert
        className="fq-call-routing"
        type="info"
        showIcon
        icon={<AimOutlined />}
        title={t('call.noPoint')}
        data-testid="routing-preview"
      />
    );
  }
  if (!routing) return null;
  if (routing.outsideJurisdiction) {
    return (
      <Alert
        className="fq-call-routing"
        type="warning"
        showIcon
        icon={<WarningOutlined />}
        title={t('call.outside')}
        description={t('call.outsideHint')}
        data-testid="routing-preview"
        data-outside="true"
      />
    );
  }
  return (
    <div className="fq-call-routing" data-testid="routing-preview" data-grid={routing.gridCode ?? ''}>
      <Descriptions size="small" column={2} styles={{ label: { width: 72 } }}>
        <Descriptions.Item label={t('call.grid')}>
          <span data-testid="routing-grid">
            {routing.gridCode} {routing.gridName}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('call.officer')}>
          <span data-testid="routing-officer">
            {routing.officer
              ? `${routing.officer.name}${routing.officer.badgeNo ? ` · ${routing.officer.badgeNo}` : ''}`
              : t('app.none')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('call.team')}>{t(`team.${routing.team}`)}</Descriptions.Item>
        <Descriptions.Item label={t('call.unit')}>{routing.unit ? routing.unit.name : t('app.none')}</Descriptions.Item>
        <Descriptions.Item label={t('call.assignee')} span={2}>
          <strong data-testid="routing-assignee">
            {routing.assignee
              ? routing.assignee.kind === 'team'
                ? t(`team.${routing.team}`)
                : t('call.assigneeWithKind', {
                    label: routing.assignee.label,
                    kind: t(`assigneeKind.${routing.assignee.kind}`),
                  })
              : t('app.none')}
          </strong>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
