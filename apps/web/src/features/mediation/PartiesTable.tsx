import { BankOutlined, EyeOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import type { PartyView } from '@fengqiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useHasPermission } from '../../app/session';
import { applyFieldErrors, useErrorText, useFieldText } from '../../shared/errors';
import { rowData } from './labels';

const REASON_MIN = 4;

/** A masked ID number or phone of a party; holders of pii.reveal see the full value after giving a reason (audited). */
function PartyIdentifier({
  disputeId,
  party,
  field,
  masked,
}: {
  disputeId: string;
  party: PartyView;
  field: 'idNumber' | 'phone';
  masked: string | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const has = useHasPermission();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<string | null | undefined>(undefined);
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useMutation({
    mutationFn: (reason: string) =>
      api.post<{ value: string | null }>(`/api/mediation/disputes/${disputeId}/reveal`, {
        partyId: party.id,
        field,
        reason,
      }),
    onSuccess: (res) => {
      setValue(res.value);
      setOpen(false);
    },
    onError: (err) => {
      if (!applyFieldErrors(form, err, fieldText)) message.error(errorText(err));
    },
  });
  if (value !== undefined)
    return (
      <span data-testid={`party-revealed-${field}`}>
        <Typography.Text strong className="fq-mono" copyable={value ? { text: value } : false}>
          {value ?? t('people.revealEmpty')}
        </Typography.Text>{' '}
        <Tooltip title={t('people.revealAudited')}>
          <Tag icon={<SafetyOutlined />} color="orange">
            {t('people.revealed')}
          </Tag>
        </Tooltip>
      </span>
    );
  if (!masked) return <span className="fq-muted">—</span>;
  const label = t(`mediation.party.${field}`);
  return (
    <span>
      <span className="fq-mono" data-testid={`party-masked-${field}`}>
        {masked}
      </span>
      {has('pii.reveal') ? (
        <>
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            onClick={() => setOpen(true)}
            data-testid={`party-reveal-${field}`}
            aria-label={`${t('people.reveal')} ${label}`}
          >
            {t('people.reveal')}
          </Button>
          <Modal
            open={open}
            title={t('people.revealTitle', { name: party.name, field: label })}
            okText={t('people.reveal')}
            cancelText={t('app.cancel')}
            onCancel={() => setOpen(false)}
            onOk={() => form.submit()}
            confirmLoading={reveal.isPending}
            destroyOnHidden
          >
            <Alert type="warning" showIcon title={t('people.revealAudited')} style={{ marginBottom: 16 }} />
            <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => reveal.mutate(v.reason.trim())}>
              <Form.Item
                name="reason"
                label={t('people.revealReason')}
                rules={[
                  { required: true, whitespace: true, message: t('people.revealReasonRequired') },
                  {
                    validator: (_r, v: string | undefined) =>
                      !v || v.trim().length >= REASON_MIN
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('people.revealReasonMin', { min: REASON_MIN }))),
                  },
                ]}
              >
                <Input.TextArea rows={3} maxLength={200} showCount autoFocus data-testid="party-reveal-reason" />
              </Form.Item>
            </Form>
          </Modal>
        </>
      ) : null}
    </span>
  );
}

/** The parties of a dispute with their masked identifiers. */
export function PartiesTable({ disputeId, parties }: { disputeId: string; parties: PartyView[] }) {
  const { t } = useTranslation();
  return (
    <Table<PartyView>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={parties}
      data-testid="parties"
      onRow={(p) => rowData({ 'data-testid': 'party', 'data-kind': p.kind, 'data-name': p.name })}
      columns={[
        {
          title: t('mediation.party.role'),
          dataIndex: 'role',
          width: 90,
          render: (r: PartyView['role']) => (
            <Tag color={r === 'applicant' ? 'blue' : r === 'respondent' ? 'orange' : 'default'}>
              {t(`mediation.party.roles.${r}`)}
            </Tag>
          ),
        },
        {
          title: t('mediation.party.name'),
          key: 'name',
          render: (_: unknown, p) => (
            <div>
              {p.kind === 'enterprise' ? <BankOutlined /> : <UserOutlined />} <strong>{p.name}</strong>
              {p.gender ? <span className="fq-muted"> · {t(`gender.${p.gender}`)}</span> : null}
              {p.legalRepresentative ? (
                <div className="fq-muted">
                  {t('mediation.party.legalRepresentativeIs', { name: p.legalRepresentative })}
                </div>
              ) : null}
            </div>
          ),
        },
        {
          title: t('mediation.party.identifier'),
          key: 'id',
          render: (_: unknown, p) =>
            p.kind === 'enterprise' ? (
              <span className="fq-mono" data-testid="party-credit-code">
                {p.creditCode ?? '—'}
              </span>
            ) : (
              <PartyIdentifier disputeId={disputeId} party={p} field="idNumber" masked={p.idNumber} />
            ),
        },
        {
          title: t('mediation.party.phone'),
          key: 'phone',
          render: (_: unknown, p) => <PartyIdentifier disputeId={disputeId} party={p} field="phone" masked={p.phone} />,
        },
        { title: t('mediation.party.address'), dataIndex: 'address', render: (a: string | null) => a ?? '—' },
      ]}
    />
  );
}
