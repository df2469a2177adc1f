import type { UserView } from '@fengqiao/contracts';
import { ADMIN_ROLES, checkRoleSet, ROLES, type Role } from '@fengqiao/domain';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Checkbox, Divider, Form, type FormInstance, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { applyFieldErrors, useErrorText, useFieldText } from '../../shared/errors';
import { PasswordRules } from '../auth/PasswordRules';

const USERNAME = /^[a-z][a-z0-9_.-]{2,31}$/;
const BUSINESS_ROLES = ROLES.filter((r) => !ADMIN_ROLES.includes(r));

function useFormMutation<TVars, TForm>(
  form: FormInstance<TForm>,
  fn: (v: TVars) => Promise<UserView>,
  onDone: (u: UserView) => void,
) {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  return useMutation({
    mutationFn: fn,
    onSuccess: onDone,
    onError: (err) => {
      if (!applyFieldErrors(form, err, fieldText)) message.error(errorText(err));
    },
  });
}

interface CreateForm {
  username: string;
  displayName: string;
  password: string;
}

export function CreateUserDialog({ onClose, onDone }: { onClose: () => void; onDone: (u: UserView) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateForm>();
  const password = Form.useWatch('password', form) ?? '';
  const username = Form.useWatch('username', form) ?? '';
  const create = useFormMutation<CreateForm, CreateForm>(
    form,
    (v) =>
      api.post<UserView>('/api/users', {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        password: v.password,
      }),
    onDone,
  );
  return (
    <Modal
      open
      width={640}
      title={t('users.createTitle')}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<CreateForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameRule')}
          rules={[
            { required: true, message: t('users.usernameRequired') },
            { pattern: USERNAME, message: t('users.usernameRule') },
          ]}
        >
          <Input autoComplete="off" spellCheck={false} data-testid="new-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
        >
          <Input maxLength={64} data-testid="new-display-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.initialPassword')}
          extra={t('users.initialPasswordHint')}
          rules={[{ required: true, message: t('users.passwordRequired') }]}
        >
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <PasswordRules password={password} username={username} />
      </Form>
    </Modal>
  );
}

export function RenameDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserView;
  onClose: () => void;
  onDone: (u: UserView) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ displayName: string }>();
  const save = useFormMutation<{ displayName: string }, { displayName: string }>(
    form,
    (v) => api.patch<UserView>(`/api/users/${user.id}`, { displayName: v.displayName.trim() }),
    onDone,
  );
  return (
    <Modal
      open
      title={t('users.editTitle', { username: user.username })}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ displayName: user.displayName }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ResetPasswordDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserView;
  onClose: () => void;
  onDone: (u: UserView) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ newPassword: string }>();
  const password = Form.useWatch('newPassword', form) ?? '';
  const save = useFormMutation<{ newPassword: string }, { newPassword: string }>(
    form,
    (v) => api.post<UserView>(`/api/users/${user.id}/password`, { newPassword: v.newPassword }),
    onDone,
  );
  return (
    <Modal
      open
      title={t('users.resetPasswordTitle', { username: user.username })}
      okText={t('users.resetPassword')}
      okButtonProps={{ danger: true }}
      cancelText={t('app.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('users.resetPasswordHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="newPassword"
          label={t('profile.newPassword')}
          rules={[{ required: true, message: t('users.passwordRequired') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
      <PasswordRules password={password} username={user.username} />
    </Modal>
  );
}

/**
 * Business roles combine freely; an administrator role (三员) stands alone.
 * The dialog makes the two choices exclusive so the rule cannot be broken
 * by accident; the server checks it again.
 */
export function RolesDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserView;
  onClose: () => void;
  onDone: (u: UserView) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const initialAdmin = user.roles.find((r) => ADMIN_ROLES.includes(r)) ?? null;
  const [admin, setAdmin] = useState<Role | null>(initialAdmin);
  const [business, setBusiness] = useState<Role[]>(user.roles.filter((r) => !ADMIN_ROLES.includes(r)));
  const roles = admin ? [admin] : business;
  const problem = checkRoleSet(roles);
  // No form fields here: a refusal (e.g. roles_admin_combined) is shown as a message.
  const save = useMutation({
    mutationFn: (v: { roles: Role[] }) => api.put<UserView>(`/api/users/${user.id}/roles`, v),
    onSuccess: onDone,
    onError: (err) => message.error(errorText(err)),
  });
  return (
    <Modal
      open
      width={620}
      title={t('users.setRolesTitle', { username: user.username })}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      onCancel={onClose}
      onOk={() => save.mutate({ roles })}
      okButtonProps={{ disabled: problem !== null }}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('users.rolesHint')} style={{ marginBottom: 16 }} />
      <Typography.Text strong>{t('users.businessRoles')}</Typography.Text>
      <div style={{ margin: '8px 0 4px' }}>
        <Checkbox.Group<Role>
          value={admin ? [] : business}
          onChange={(v) => {
            setAdmin(null);
            setBusiness(v);
          }}
          data-testid="business-roles"
        >
          <Space wrap size={[16, 8]}>
            {BUSINESS_ROLES.map((r) => (
              <Checkbox key={r} value={r}>
                {t(`roles.${r}`)}
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      </div>
      <Divider plain>{t('users.adminRoles')}</Divider>
      <Radio.Group
        value={admin}
        onChange={(e) => {
          setAdmin(e.target.value);
          if (e.target.value) setBusiness([]);
        }}
      >
        <Space wrap size={[16, 8]}>
          {ADMIN_ROLES.map((r) => (
            <Radio key={r} value={r}>
              {t(`roles.${r}`)}
            </Radio>
          ))}
        </Space>
      </Radio.Group>
      {problem === 'empty' ? (
        <Typography.Paragraph type="danger" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('users.rolesRequired')}
        </Typography.Paragraph>
      ) : null}
    </Modal>
  );
}
