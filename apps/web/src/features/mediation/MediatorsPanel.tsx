import {
  AimOutlined,
  CrownFilled,
  StopOutlined,
  TeamOutlined,
  UserDeleteOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Collapse,
  Empty,
  Input,
  Popconfirm,
  Progress,
  Radio,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../api/client';
import { ApiRequestError } from '../../api/errors';
import { translateDynamic } from '../../app/i18n';
import { ErrorAlert, useErrorText } from '../../shared/errors';
import { useMediationLabels } from './labels';
import { EXCLUSIONS as EXCLUSION_CODES, exclusionNotes, factorNote } from './mediation-data';
import { type DisputeDetail, type SuggestionsView, useSuggestions } from './queries';
import { useDisputeUpdate } from './useDisputeUpdate';

type Suggestion = SuggestionsView['suggestions'][number];
type Factor = Suggestion['factors'][number];

/** One factor of the score: its points of the maximum and the reason in the user's language. */
function FactorBar({ f }: { f: Factor }) {
  const { t } = useTranslation();
  const labels = useMediationLabels();
  const note = factorNote(f.factor, f.note);
  let text = f.note;
  if (note) {
    const params: Record<string, string> =
      'params' in note
        ? Object.fromEntries(
            Object.entries(note.params).map(([k, v]) => [
              k,
              k === 'category'
                ? labels.category(v)
                : k === 'level'
                  ? t(`mediation.levelShort.${v === '2' ? 2 : v === '3' ? 3 : 1}`)
                  : v,
            ]),
          )
        : {};
    text = translateDynamic(`mediation.matching.notes.${note.key}`, f.note, params);
  }
  const pct = f.max > 0 ? Math.round((f.points / f.max) * 100) : 0;
  return (
    <div className="fq-med-factor" data-testid="factor" data-factor={f.factor} data-points={f.points}>
      <div className="fq-med-factor-head">
        <span className="fq-med-factor-name">{t(`mediation.matching.factors.${f.factor}`)}</span>
        <span className="fq-med-factor-points">
          {f.points}
          <span className="fq-muted">/{f.max}</span>
        </span>
      </div>
      <Progress
        percent={pct}
        showInfo={false}
        size="small"
        strokeColor={pct >= 80 ? '#389e0d' : pct >= 40 ? '#1f4e9c' : '#d48806'}
      />
      <div className="fq-med-factor-note" data-testid="factor-note">
        {text}
      </div>
    </div>
  );
}

/**
 * Classified dispatch: the mediators on the dispute, and — for coordinators —
 * the ranked suggestions with each factor of the score explained, the
 * excluded mediators with their reasons, and assignment of one or a panel
 * with a lead.
 */
export function MediatorsPanel({ d, canCoordinate }: { d: DisputeDetail; canCoordinate: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const update = useDisputeUpdate();
  const [matching, setMatching] = useState(false);
  const open = d.status === 'open';
  const suggestions = useSuggestions(d.id, matching && canCoordinate && open);
  const [selected, setSelected] = useState<string[]>([]);
  const [lead, setLead] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [assigning, setAssigning] = useState(false);
  const [refused, setRefused] = useState<unknown>(null);
  const [refusedIds, setRefusedIds] = useState<string[]>([]);
  const active = d.assignments.filter((a) => a.releasedAt === null);
  const released = d.assignments.filter((a) => a.releasedAt !== null);
  const hasLead = active.some((a) => a.role === 'lead');
  const data = suggestions.data;

  const toggle = (id: string, on: boolean) => {
    const next = on ? [...selected, id] : selected.filter((x) => x !== id);
    setSelected(next);
    if (!on && lead === id) setLead(next[0] ?? null);
    if (on && lead === null && !hasLead) setLead(id);
  };

  const assign = async () => {
    setAssigning(true);
    setRefused(null);
    setRefusedIds(selected);
    try {
      const next = await api.post<DisputeDetail>(`/api/mediation/disputes/${d.id}/assignments`, {
        mediatorIds: selected,
        ...(lead && selected.includes(lead) ? { leadId: lead } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      update(d.id, next);
      message.success(t('mediation.matching.assigned', { count: selected.length }));
      setSelected([]);
      setLead(null);
      setNote('');
      setMatching(false);
    } catch (e) {
      setRefused(e);
      void suggestions.refetch();
    } finally {
      setAssigning(false);
    }
  };

  const release = async (mediatorId: string) => {
    try {
      const next = await request<DisputeDetail>(`/api/mediation/disputes/${d.id}/assignments/${mediatorId}`, {
        method: 'DELETE',
        body: {},
      });
      update(d.id, next);
      message.success(t('mediation.matching.released'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const names = useMemo(() => new Map((data?.suggestions ?? []).map((s) => [s.mediator.id, s.mediator.name])), [data]);

  return (
    <div className="fq-med-mediators" data-testid="mediators-panel">
      <h4 className="fq-section-title">
        <TeamOutlined /> {t('mediation.matching.current', { count: active.length })}
      </h4>
      {active.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.matching.none')} />
      ) : (
        <div className="fq-med-assignments">
          {active.map((a) => (
            <div
              key={a.mediatorId}
              className="fq-med-assignment"
              data-testid="assignment"
              data-name={a.name}
              data-role={a.role}
            >
              <div>
                {a.role === 'lead' ? <CrownFilled className="fq-med-crown" /> : null} <strong>{a.name}</strong>{' '}
                <Tag>{t(`mediation.mediatorKind.${a.kind as 'lawyer'}`)}</Tag>
                <Tag color={a.role === 'lead' ? 'gold' : 'default'}>{t(`mediation.matching.roles.${a.role}`)}</Tag>
              </div>
              <div className="fq-muted">
                {t('mediation.matching.assignedAt', { at: dayjs(a.assignedAt).format('YYYY-MM-DD HH:mm') })}
                {a.score !== null ? ` · ${t('mediation.matching.scoreWas', { score: a.score })}` : ''}
                {' · '}
                {a.track === 'commercial'
                  ? t('mediation.track.commercialShort')
                  : t(`mediation.levelShort.${a.level === 2 ? 2 : a.level === 3 ? 3 : 1}`)}
              </div>
              {canCoordinate && open ? (
                <Popconfirm
                  title={t('mediation.matching.releaseConfirm', { name: a.name })}
                  okText={t('mediation.matching.release')}
                  cancelText={t('app.cancel')}
                  onConfirm={() => release(a.mediatorId)}
                >
                  <Button size="small" type="link" danger icon={<UserDeleteOutlined />}>
                    {t('mediation.matching.release')}
                  </Button>
                </Popconfirm>
              ) : null}
            </div>
          ))}
        </div>
      )}
      {released.length > 0 ? (
        <Typography.Paragraph type="secondary" className="fq-med-released">
          {t('mediation.matching.releasedList', { names: released.map((a) => a.name).join('、') })}
        </Typography.Paragraph>
      ) : null}

      {canCoordinate && open ? (
        <div className="fq-med-matching" data-testid="matching">
          <div className="fq-med-matching-head">
            <h4 className="fq-section-title">
              <AimOutlined /> {t('mediation.matching.title')}
            </h4>
            <Button
              type={matching ? 'default' : 'primary'}
              icon={<AimOutlined />}
              onClick={() => (matching ? void suggestions.refetch() : setMatching(true))}
              loading={suggestions.isFetching}
              data-testid="match-run"
            >
              {matching ? t('mediation.matching.rerun') : t('mediation.matching.run')}
            </Button>
          </div>
          <Typography.Paragraph type="secondary">{t('mediation.matching.explain')}</Typography.Paragraph>
          {suggestions.isError ? (
            <ErrorAlert error={suggestions.error} onRetry={() => void suggestions.refetch()} />
          ) : null}
          {matching && suggestions.isPending ? (
            <div className="fq-center">
              <Spin />
            </div>
          ) : null}
          {data ? (
            <>
              <div className="fq-muted fq-med-match-on">
                {t('mediation.matching.on', { date: data.on, count: data.suggestions.length })}
              </div>
              {data.suggestions.length === 0 ? <Empty description={t('mediation.matching.noSuggestions')} /> : null}
              <div className="fq-med-suggestions" data-testid="suggestions">
                {data.suggestions.map((s, i) => {
                  const on = selected.includes(s.mediator.id);
                  return (
                    <div
                      key={s.mediator.id}
                      className={on ? 'fq-med-suggestion fq-med-suggestion-on' : 'fq-med-suggestion'}
                      data-testid="suggestion"
                      data-mediator={s.mediator.id}
                      data-name={s.mediator.name}
                      data-score={s.score}
                    >
                      <div className="fq-med-suggestion-head">
                        <Checkbox
                          checked={on}
                          onChange={(e) => toggle(s.mediator.id, e.target.checked)}
                          data-testid="suggestion-select"
                        >
                          <span className="fq-med-rank">#{i + 1}</span> <strong>{s.mediator.name}</strong>
                        </Checkbox>
                        <Tag>{t(`mediation.mediatorKind.${s.mediator.kind}`)}</Tag>
                        {s.mediator.title ? (
                          <span className="fq-muted fq-med-title-small">{s.mediator.title}</span>
                        ) : null}
                        <span className="fq-med-score" data-testid="suggestion-score">
                          {s.score}
                          <span className="fq-muted"> / 100</span>
                        </span>
                      </div>
                      <div className="fq-med-factors">
                        {s.factors.map((f) => (
                          <FactorBar key={f.factor} f={f} />
                        ))}
                      </div>
                    </div>
                  );
                })}
              </div>
              {data.excluded.length > 0 ? (
                <Collapse
                  size="small"
                  className="fq-med-excluded"
                  defaultActiveKey={data.excluded.some((x) => x.reasons.includes('conflict_of_interest')) ? ['x'] : []}
                  items={[
                    {
                      key: 'x',
                      label: (
                        <span data-testid="excluded-toggle">
                          <StopOutlined /> {t('mediation.matching.excluded', { count: data.excluded.length })}
                        </span>
                      ),
                      children: (
                        <div data-testid="excluded">
                          {data.excluded.map((x) => {
                            const notes = exclusionNotes(x.notes);
                            return (
                              <div
                                key={x.mediator.id}
                                className="fq-med-excluded-row"
                                data-testid="excluded-mediator"
                                data-name={x.mediator.name}
                                data-reasons={x.reasons.join(',')}
                              >
                                <strong>{x.mediator.name}</strong>{' '}
                                <Tag>{t(`mediation.mediatorKind.${x.mediator.kind}`)}</Tag>
                                {x.reasons.map((r) => (
                                  <Tag
                                    key={r}
                                    color={
                                      r === 'conflict_of_interest' ? 'red' : r === 'load_cap' ? 'orange' : 'default'
                                    }
                                  >
                                    {t(`mediation.matching.reasons.${r}`)}
                                  </Tag>
                                ))}
                                {notes.conflicts.length > 0 ? (
                                  <span className="fq-med-conflict-note">
                                    {t('mediation.matching.conflictWith', { list: notes.conflicts.join('；') })}
                                  </span>
                                ) : null}
                                {notes.load ? (
                                  <span className="fq-muted"> {t('mediation.matching.notes.load', notes.load)}</span>
                                ) : null}
                              </div>
                            );
                          })}
                        </div>
                      ),
                    },
                  ]}
                />
              ) : null}
              {selected.length > 0 ? (
                <div className="fq-med-assign-bar" data-testid="assign-bar">
                  <div>
                    <strong>{t('mediation.matching.selected', { count: selected.length })}</strong>
                    {selected.length > 1 || !hasLead ? (
                      <Radio.Group
                        value={lead}
                        onChange={(e) => setLead(e.target.value as string)}
                        className="fq-med-lead-choice"
                        data-testid="lead-choice"
                      >
                        <span className="fq-muted">{t('mediation.matching.lead')}</span>
                        {selected.map((id) => (
                          <Radio key={id} value={id} data-testid="lead-option">
                            {names.get(id) ?? id}
                          </Radio>
                        ))}
                      </Radio.Group>
                    ) : (
                      <span className="fq-muted"> · {t('mediation.matching.joinsAsMember')}</span>
                    )}
                  </div>
                  <Space.Compact style={{ width: '100%', marginTop: 8 }}>
                    <Input
                      value={note}
                      onChange={(e) => setNote(e.target.value)}
                      maxLength={500}
                      placeholder={t('mediation.matching.notePlaceholder')}
                    />
                    <Tooltip title={t('mediation.matching.notifyHint')}>
                      <Button
                        type="primary"
                        icon={<UsergroupAddOutlined />}
                        loading={assigning}
                        onClick={() => void assign()}
                        data-testid="assign-submit"
                      >
                        {t('mediation.matching.assign', { count: selected.length })}
                      </Button>
                    </Tooltip>
                  </Space.Compact>
                </div>
              ) : null}
              {refused ? (
                <Alert
                  type="error"
                  showIcon
                  data-testid="assign-refused"
                  title={t('mediation.matching.refused')}
                  description={
                    refused instanceof ApiRequestError && refused.fields.length > 0 ? (
                      <ul className="fq-med-refusals">
                        {refused.fields.map((f) => {
                          const i = Number(/mediatorIds\.(\d+)/.exec(f.path)?.[1] ?? -1);
                          const id = refusedIds[i];
                          const reason = EXCLUSION_CODES.find((x) => x === f.code);
                          return (
                            <li key={`${f.path}-${f.code}`}>
                              {t('mediation.matching.refusedOne', {
                                name: (id ? names.get(id) : undefined) ?? '—',
                                reason: reason ? t(`mediation.matching.reasons.${reason}`) : f.message,
                              })}
                            </li>
                          );
                        })}
                      </ul>
                    ) : (
                      errorText(refused)
                    )
                  }
                  style={{ marginTop: 12 }}
                />
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
