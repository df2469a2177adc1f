import {
  CheckCircleOutlined,
  EditOutlined,
  KeyOutlined,
  LockOutlined,
  PlusOutlined,
  SafetyCertificateOutlined,
  StopOutlined,
  TeamOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import type { UserView } from '@fengqiao/contracts';
import { ROLES, type Role } from '@fengqiao/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useUsers } from '../../api/queries';
import { useCurrentUser, useHasPermission } from '../../app/session';
import { ErrorAlert, useErrorText } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { CreateUserDialog, RenameDialog, ResetPasswordDialog, RolesDialog } from './UserDialogs';

type Dialog = { kind: 'create' } | { kind: 'rename' | 'password' | 'roles'; user: UserView } | null;

/**
 * Accounts under the three-member separation: what each administrator sees
 * here follows their permissions (users.manage / users.grant / users.unlock);
 * the auditor (users.read only) gets the list without actions.
 */
export default function UsersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const has = useHasPermission();
  const canManage = has('users.manage');
  const canGrant = has('users.grant');
  const canUnlock = has('users.unlock');
  const readOnly = !canManage && !canGrant && !canUnlock;
  const qc = useQueryClient();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [dialog, setDialog] = useState<Dialog>(null);
  const users = useUsers({ q: q.trim() || undefined, role, page, pageSize });

  const refresh = () => void qc.invalidateQueries({ queryKey: ['users'] });
  const done = (text: string) => (_u: UserView) => {
    message.success(text);
    setDialog(null);
    refresh();
  };

  const action = useMutation({
    mutationFn: ({ path, body, method }: { path: string; body?: unknown; method: 'post' | 'patch'; ok: string }) =>
      method === 'patch' ? api.patch<UserView>(path, body) : api.post<UserView>(path, body ?? {}),
    onSuccess: (_u, v) => {
      message.success(v.ok);
      refresh();
    },
    onError: (err) => message.error(errorText(err)),
  });

  const actionsFor = (u: UserView): ReactNode[] => {
    const self = u.id === me.id;
    const guard = (node: ReactNode, key: string) =>
      self ? (
        <Tooltip key={key} title={t('users.self')}>
          <span>{node}</span>
        </Tooltip>
      ) : (
        <span key={key}>{node}</span>
      );
    const out: ReactNode[] = [];
    if (canManage) {
      out.push(
        guard(
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            disabled={self}
            onClick={() => setDialog({ kind: 'rename', user: u })}
          >
            {t('users.edit')}
          </Button>,
          'rename',
        ),
        guard(
          <Popconfirm
            title={
              u.status === 'active'
                ? t('users.disableConfirm', { username: u.username })
                : t('users.enableConfirm', { username: u.username })
            }
            okText={t('app.confirm')}
            cancelText={t('app.cancel')}
            disabled={self}
            onConfirm={() =>
              action.mutateAsync({
                method: 'patch',
                path: `/api/users/${u.id}`,
                body: { status: u.status === 'active' ? 'disabled' : 'active' },
                ok:
                  u.status === 'active'
                    ? t('users.disabled', { username: u.username })
                    : t('users.enabled', { username: u.username }),
              })
            }
          >
            <Button
              type="link"
              size="small"
              danger={u.status === 'active'}
              icon={u.status === 'active' ? <StopOutlined /> : <CheckCircleOutlined />}
              disabled={self}
            >
              {u.status === 'active' ? t('users.disable') : t('users.enable')}
            </Button>
          </Popconfirm>,
          'status',
        ),
        guard(
          <Button
            type="link"
            size="small"
            icon={<KeyOutlined />}
            disabled={self}
            onClick={() => setDialog({ kind: 'password', user: u })}
          >
            {t('users.resetPassword')}
          </Button>,
          'password',
        ),
      );
    }
    if (canGrant) {
      out.push(
        guard(
          <Button
            type="link"
            size="small"
            icon={<TeamOutlined />}
            disabled={self}
            onClick={() => setDialog({ kind: 'roles', user: u })}
            data-testid={`roles-${u.username}`}
          >
            {t('users.setRoles')}
          </Button>,
          'roles',
        ),
      );
    }
    if (canUnlock) {
      if (u.locked) {
        out.push(
          guard(
            <Popconfirm
              title={t('users.unlockConfirm', { username: u.username })}
              okText={t('app.confirm')}
              cancelText={t('app.cancel')}
              disabled={self}
              onConfirm={() =>
                action.mutateAsync({
                  method: 'post',
                  path: `/api/users/${u.id}/unlock`,
                  ok: t('users.unlocked', { username: u.username }),
                })
              }
            >
              <Button type="link" size="small" icon={<UnlockOutlined />} disabled={self}>
                {t('users.unlock')}
              </Button>
            </Popconfirm>,
            'unlock',
          ),
        );
      }
      if (u.mfaEnabled) {
        out.push(
          guard(
            <Popconfirm
              title={t('users.resetMfaConfirm', { username: u.username })}
              okText={t('app.confirm')}
              cancelText={t('app.cancel')}
              disabled={self}
              onConfirm={() =>
                action.mutateAsync({
                  method: 'post',
                  path: `/api/users/${u.id}/reset-mfa`,
                  ok: t('users.mfaReset', { username: u.username }),
                })
              }
            >
              <Button type="link" size="small" icon={<SafetyCertificateOutlined />} disabled={self}>
                {t('users.resetMfa')}
              </Button>
            </Popconfirm>,
            'mfa',
          ),
        );
      }
    }
    return out;
  };

  return (
    <div className="fq-page">
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDialog({ kind: 'create' })}
              data-testid="create-user"
            >
              {t('users.create')}
            </Button>
          ) : readOnly ? (
            <Tag data-testid="read-only">{t('users.readOnly')}</Tag>
          ) : null
        }
      />
      <Card>
        <Space wrap className="fq-filter-bar">
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            aria-label={t('users.searchPlaceholder')}
            style={{ width: 280 }}
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
            enterButton={t('app.search')}
          />
          <Select<Role>
            allowClear
            placeholder={t('users.role')}
            aria-label={t('users.role')}
            style={{ width: 200 }}
            value={role}
            onChange={(v) => {
              setRole(v);
              setPage(1);
            }}
            options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
        </Space>
        {users.isError ? (
          <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <Table<UserView>
            rowKey="id"
            size="middle"
            loading={users.isFetching}
            dataSource={users.data?.items ?? []}
            data-testid="users-table"
            scroll={{ x: 1150 }}
            pagination={{
              current: page,
              pageSize,
              total: users.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (n) => t('app.total', { count: n }),
              onChange: (p, s) => {
                setPage(s === pageSize ? p : 1);
                setPageSize(s);
              },
            }}
            columns={[
              {
                title: t('users.username'),
                dataIndex: 'username',
                width: 130,
                render: (u: string) => <span className="fq-mono">{u}</span>,
              },
              { title: t('users.displayName'), dataIndex: 'displayName', width: 120 },
              {
                title: t('users.roles'),
                dataIndex: 'roles',
                render: (roles: Role[]) =>
                  roles.length === 0 ? (
                    <Tag>{t('users.noRoles')}</Tag>
                  ) : (
                    <Space size={[4, 4]} wrap>
                      {roles.map((r) => (
                        <Tag
                          key={r}
                          color={r === 'system_admin' || r === 'security_admin' || r === 'auditor' ? 'purple' : 'blue'}
                        >
                          {t(`roles.${r}`)}
                        </Tag>
                      ))}
                    </Space>
                  ),
              },
              {
                title: t('users.status'),
                key: 'status',
                width: 150,
                render: (_v, u) => (
                  <Space size={[4, 4]} wrap>
                    <Tag color={u.status === 'active' ? 'green' : 'default'}>{t(`users.statuses.${u.status}`)}</Tag>
                    {u.locked ? (
                      <Tooltip
                        title={
                          u.lockedAt
                            ? t('users.lockedAt', { time: dayjs(u.lockedAt).format('YYYY-MM-DD HH:mm') })
                            : undefined
                        }
                      >
                        <Tag color="red" icon={<LockOutlined />}>
                          {t('users.locked')}
                        </Tag>
                      </Tooltip>
                    ) : null}
                  </Space>
                ),
              },
              {
                title: t('users.mfa'),
                dataIndex: 'mfaEnabled',
                width: 100,
                render: (on: boolean) => (
                  <Tag color={on ? 'green' : 'default'}>{on ? t('users.mfaOn') : t('users.mfaOff')}</Tag>
                ),
              },
              {
                title: t('users.lastLogin'),
                dataIndex: 'lastLoginAt',
                width: 140,
                render: (v: string | null) =>
                  v ? (
                    <span className="fq-mono">{dayjs(v).format('YYYY-MM-DD HH:mm')}</span>
                  ) : (
                    <Typography.Text type="secondary">{t('users.never')}</Typography.Text>
                  ),
              },
              ...(readOnly
                ? []
                : [
                    {
                      title: t('app.actions'),
                      key: 'actions',
                      width: canManage ? 300 : 260,
                      render: (_v: unknown, u: UserView) => (
                        <Space size={6} wrap>
                          {actionsFor(u)}
                        </Space>
                      ),
                    },
                  ]),
            ]}
          />
        )}
      </Card>
      {dialog?.kind === 'create' ? (
        <CreateUserDialog
          onClose={() => setDialog(null)}
          onDone={(u) => done(t('users.created', { username: u.username }))(u)}
        />
      ) : null}
      {dialog?.kind === 'rename' ? (
        <RenameDialog user={dialog.user} onClose={() => setDialog(null)} onDone={done(t('users.saved'))} />
      ) : null}
      {dialog?.kind === 'password' ? (
        <ResetPasswordDialog
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={done(t('users.passwordReset', { username: dialog.user.username }))}
        />
      ) : null}
      {dialog?.kind === 'roles' ? (
        <RolesDialog
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={done(t('users.rolesSaved', { username: dialog.user.username }))}
        />
      ) : null}
    </div>
  );
}
