import { type IncidentDetail, RESULT_CODES } from '@fengqiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, AutoComplete, Form, Input, Modal, Radio, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { keys, useBoard } from '../../api/queries';
import { translateDynamic } from '../../app/i18n';
import { applyFieldErrors, useErrorText, useFieldText } from '../../shared/errors';
import { TEAMS, type TeamId } from './command-data';

export type DispatchKind = 'person' | 'unit' | 'team' | 'agency';

interface DispatchValues {
  kind: DispatchKind;
  personId?: string;
  unitId?: string;
  team?: TeamId;
  agency?: string;
  note?: string;
}

/** Agencies a township station most often hands incidents to; free text is allowed too. */
const AGENCY_SUGGESTIONS = ['agencyFire', 'agencyTraffic', 'agencyUrban', 'agencyNeighbour', 'agencyHospital'] as const;

/**
 * Sends an order for an incident: to a person, a response unit, a team or
 * another agency (a transfer). Opened as "dispatch", "add a unit",
 * "transfer" or "reassign" (which also cancels the order it replaces).
 */
export function DispatchDialog({
  incident,
  open,
  initialKind,
  replaceOrderId,
  onClose,
}: {
  incident: IncidentDetail;
  open: boolean;
  initialKind: DispatchKind;
  replaceOrderId: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const board = useBoard();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const [form] = Form.useForm<DispatchValues>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form) ?? initialKind;

  useEffect(() => {
    if (open)
      form.setFieldsValue({
        kind: initialKind,
        personId: undefined,
        unitId: undefined,
        team: undefined,
        agency: undefined,
        note: undefined,
      });
  }, [open, initialKind, form]);

  const personOptions = useMemo(
    () =>
      (board.data?.officers ?? [])
        .slice()
        .sort(
          (a, b) => Number(b.personId === incident.responsible?.id) - Number(a.personId === incident.responsible?.id),
        )
        .map((o) => ({
          value: o.personId,
          label: `${o.name} · ${o.team ? translateDynamic(`team.${o.team}`, o.team) : ''} · ${t(`board.state.${o.state}`)}`,
        })),
    [board.data, incident.responsible, t],
  );
  const unitOptions = useMemo(
    () =>
      (board.data?.units ?? [])
        .slice()
        .sort((a, b) => Number(b.gridCode === incident.gridCode) - Number(a.gridCode === incident.gridCode))
        .map((u) => ({ value: u.id, label: `${u.code} ${u.name} · ${t(`board.state.${u.state}`)}` })),
    [board.data, incident.gridCode, t],
  );

  const submit = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const assignee =
      v.kind === 'person'
        ? { kind: 'person', personId: v.personId }
        : v.kind === 'unit'
          ? { kind: 'unit', unitId: v.unitId }
          : v.kind === 'team'
            ? { kind: 'team', team: v.team }
            : { kind: 'agency', agency: v.agency?.trim() };
    setSaving(true);
    try {
      await api.post(`/api/incidents/${incident.id}/orders`, {
        assignee,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      if (replaceOrderId) {
        await api.patch(`/api/orders/${replaceOrderId}`, { status: 'cancelled', note: t('dispatch.reassignedNote') });
      }
      message.success(v.kind === 'agency' ? t('dispatch.transferred') : t('dispatch.sent'));
      void qc.invalidateQueries({ queryKey: keys.incident(incident.id) });
      void qc.invalidateQueries({ queryKey: keys.board });
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e, fieldText)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t(replaceOrderId ? 'dispatch.reassignTitle' : 'dispatch.title', { number: incident.number })}
      okText={kind === 'agency' ? t('dispatch.transfer') : t('dispatch.send')}
      cancelText={t('app.cancel')}
      onOk={() => void submit()}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
      data-testid="dispatch-dialog"
    >
      <Form<DispatchValues> form={form} layout="vertical" initialValues={{ kind: initialKind }} requiredMark={false}>
        <Form.Item name="kind" label={t('dispatch.to')}>
          <Radio.Group
            optionType="button"
            options={(['person', 'unit', 'team', 'agency'] as const).map((k) => ({
              value: k,
              label: t(`assigneeKind.${k}`),
            }))}
          />
        </Form.Item>
        {kind === 'person' ? (
          <Form.Item
            name="personId"
            label={t('dispatch.person')}
            rules={[{ required: true, message: t('dispatch.required') }]}
          >
            <Select showSearch={{ optionFilterProp: 'label' }} options={personOptions} data-testid="dispatch-person" />
          </Form.Item>
        ) : null}
        {kind === 'unit' ? (
          <Form.Item
            name="unitId"
            label={t('dispatch.unit')}
            rules={[{ required: true, message: t('dispatch.required') }]}
          >
            <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} data-testid="dispatch-unit" />
          </Form.Item>
        ) : null}
        {kind === 'team' ? (
          <Form.Item
            name="team"
            label={t('dispatch.team')}
            rules={[{ required: true, message: t('dispatch.required') }]}
          >
            <Select options={TEAMS.map((tm) => ({ value: tm, label: t(`team.${tm}`) }))} data-testid="dispatch-team" />
          </Form.Item>
        ) : null}
        {kind === 'agency' ? (
          <Form.Item
            name="agency"
            label={t('dispatch.agency')}
            rules={[
              { required: true, message: t('dispatch.required') },
              { min: 2, max: 64 },
            ]}
          >
            <AutoComplete
              options={AGENCY_SUGGESTIONS.map((a) => ({ value: t(`dispatch.${a}`) }))}
              placeholder={t('dispatch.agencyPlaceholder')}
              data-testid="dispatch-agency"
            />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={t('dispatch.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface CloseValues {
  resultCode: (typeof RESULT_CODES)[number];
  note?: string;
}

/** Closes an incident with a result code; the server refuses while orders are still open. */
export function CloseDialog({
  incident,
  open,
  onClose,
}: {
  incident: IncidentDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<CloseValues>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      await api.post(`/api/incidents/${incident.id}/close`, {
        resultCode: v.resultCode,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      message.success(t('incident.closedOk', { number: incident.number }));
      void qc.invalidateQueries({ queryKey: keys.incident(incident.id) });
      void qc.invalidateQueries({ queryKey: keys.board });
      onClose();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('incident.closeTitle', { number: incident.number })}
      okText={t('incident.close')}
      cancelText={t('app.cancel')}
      onOk={() => void submit()}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<CloseValues> form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="resultCode"
          label={t('incident.resultCode')}
          rules={[{ required: true, message: t('incident.resultRequired') }]}
        >
          <Select
            options={RESULT_CODES.map((c) => ({ value: c, label: t(`resultCodes.${c}`) }))}
            data-testid="close-result"
          />
        </Form.Item>
        <Form.Item name="note" label={t('incident.resultNote')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
