import { KeyOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Me } from '@fengqiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { keys } from '../../api/queries';
import { useCurrentUser } from '../../app/session';
import { applyFieldErrors, useErrorText, useFieldText } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { EnrolPanel } from './EnrolPanel';
import { PasswordRules } from './PasswordRules';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export default function ProfilePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const [form] = Form.useForm<PasswordForm>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const [enrolling, setEnrolling] = useState(false);

  const change = useMutation({
    mutationFn: (v: PasswordForm) =>
      api.post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword }),
    onSuccess: () => {
      form.resetFields();
      message.success(t('profile.changed'));
      if (me.mustChangePassword) qc.setQueryData<Me>(keys.me, { ...me, mustChangePassword: false });
    },
    onError: (err) => {
      if (!applyFieldErrors(form, err, fieldText)) message.error(errorText(err));
    },
  });

  return (
    <div className="fq-page fq-page-narrow">
      <PageHeader title={t('profile.title')} />
      {me.mustChangePassword ? (
        <Alert
          type="warning"
          showIcon
          title={t('session.mustChangePassword')}
          style={{ marginBottom: 16 }}
          data-testid="must-change"
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('profile.account')}>
            <Descriptions column={1} size="small" styles={{ label: { width: 140 } }}>
              <Descriptions.Item label={t('profile.username')}>{me.username}</Descriptions.Item>
              <Descriptions.Item label={t('profile.displayName')}>{me.displayName}</Descriptions.Item>
              <Descriptions.Item label={t('profile.roles')}>
                <Space size={[4, 4]} wrap>
                  {me.roles.map((r) => (
                    <Tag key={r} color="blue">
                      {t(`roles.${r}`)}
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('profile.station')}>
                {me.stationName ?? t('header.noStation')}
              </Descriptions.Item>
              <Descriptions.Item label={t('profile.sessionExpires')}>
                {dayjs(me.sessionExpiresAt).format('YYYY-MM-DD HH:mm')}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card
            title={
              <Space>
                <SafetyCertificateOutlined />
                {t('profile.mfa')}
                <Tag color={me.mfaEnabled ? 'green' : 'default'}>
                  {me.mfaEnabled ? t('profile.mfaOn') : t('profile.mfaOff')}
                </Tag>
              </Space>
            }
            style={{ marginTop: 16 }}
          >
            <Typography.Paragraph type="secondary">
              {me.mfaRequired ? t('profile.mfaRequiredNote') : t('profile.mfaOptionalNote')}
              {me.mfaEnabled ? ` ${t('profile.mfaReenrolHint')}` : ''}
            </Typography.Paragraph>
            <Button
              icon={<SafetyCertificateOutlined />}
              onClick={() => setEnrolling(true)}
              disabled={me.mustChangePassword}
            >
              {me.mfaEnabled ? t('profile.mfaReenrol') : t('profile.mfaEnable')}
            </Button>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            title={
              <Space>
                <KeyOutlined />
                {t('profile.changePassword')}
              </Space>
            }
          >
            <Row gutter={24}>
              <Col xs={24} md={13}>
                <Form<PasswordForm>
                  form={form}
                  layout="vertical"
                  requiredMark={false}
                  onFinish={(v) => change.mutate(v)}
                >
                  <Form.Item
                    name="currentPassword"
                    label={t('profile.currentPassword')}
                    rules={[{ required: true, message: t('profile.currentRequired') }]}
                  >
                    <Input.Password autoComplete="current-password" />
                  </Form.Item>
                  <Form.Item
                    name="newPassword"
                    label={t('profile.newPassword')}
                    rules={[{ required: true, message: t('profile.newRequired') }]}
                  >
                    <Input.Password autoComplete="new-password" />
                  </Form.Item>
                  <Form.Item
                    name="confirmPassword"
                    label={t('profile.confirmPassword')}
                    dependencies={['newPassword']}
                    rules={[
                      { required: true, message: t('profile.confirmRequired') },
                      ({ getFieldValue }) => ({
                        validator: (_r, v: string | undefined) =>
                          !v || getFieldValue('newPassword') === v
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('profile.mismatch'))),
                      }),
                    ]}
                  >
                    <Input.Password autoComplete="new-password" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={change.isPending}>
                    {t('profile.submitPassword')}
                  </Button>
                </Form>
              </Col>
              <Col xs={24} md={11}>
                <PasswordRules password={newPassword} username={me.username} />
              </Col>
            </Row>
          </Card>
        </Col>
      </Row>
      <Modal
        open={enrolling}
        title={me.mfaEnabled ? t('profile.mfaReenrol') : t('profile.mfaEnable')}
        footer={null}
        onCancel={() => setEnrolling(false)}
        destroyOnHidden
        width={440}
      >
        <EnrolPanel
          onDone={(next) => {
            qc.setQueryData(keys.me, next);
            setEnrolling(false);
            message.success(t('profile.mfaDone'));
          }}
        />
      </Modal>
    </div>
  );
}
