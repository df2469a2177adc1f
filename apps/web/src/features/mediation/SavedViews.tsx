import { DeleteOutlined, DownOutlined, SaveOutlined, StarOutlined } from '@ant-design/icons';
import type { DisputeFilter } from '@fengqiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Empty, Form, Input, Modal, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../api/client';
import { applyFieldErrors, useErrorText, useFieldText } from '../../shared/errors';
import { activeFilterCount, cleanFilter } from './mediation-data';
import { mkeys, type SavedView, useSavedViews } from './queries';

/** The user's saved ledger views: apply one, save the current filters under a name, delete one. */
export function SavedViews({ filter, onApply }: { filter: DisputeFilter; onApply: (f: DisputeFilter) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const fieldText = useFieldText();
  const views = useSavedViews();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const clean = cleanFilter(filter);
  const empty = Object.keys(clean).length === 0;

  const save = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      await api.post<SavedView>('/api/mediation/views', { name: v.name.trim(), filter: clean });
      message.success(t('mediation.views.saved', { name: v.name.trim() }));
      void qc.invalidateQueries({ queryKey: mkeys.views });
      setOpen(false);
      form.resetFields();
    } catch (e) {
      if (!applyFieldErrors(form, e, fieldText)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const remove = async (v: SavedView) => {
    try {
      await request(`/api/mediation/views/${v.id}`, { method: 'DELETE' });
      message.success(t('mediation.views.deleted', { name: v.name }));
      void qc.invalidateQueries({ queryKey: mkeys.views });
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const list = views.data ?? [];
  return (
    <Space>
      <Dropdown
        open={menuOpen}
        onOpenChange={setMenuOpen}
        trigger={['click']}
        popupRender={() => (
          <div className="fq-med-views-menu" data-testid="saved-views-menu">
            {list.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.views.none')} />
            ) : (
              list.map((v) => (
                <div key={v.id} className="fq-med-view-item" data-testid="saved-view" data-name={v.name}>
                  <Button
                    type="text"
                    className="fq-med-view-apply"
                    onClick={() => {
                      onApply(v.filter);
                      setMenuOpen(false);
                    }}
                  >
                    <StarOutlined /> {v.name}
                    <span className="fq-muted">
                      {' '}
                      · {t('mediation.views.filters', { count: activeFilterCount(v.filter) + (v.filter.view ? 1 : 0) })}
                    </span>
                  </Button>
                  <Popconfirm
                    title={t('mediation.views.deleteConfirm', { name: v.name })}
                    okText={t('mediation.views.delete')}
                    cancelText={t('app.cancel')}
                    onConfirm={() => remove(v)}
                  >
                    <Button
                      type="text"
                      danger
                      size="small"
                      icon={<DeleteOutlined />}
                      aria-label={t('mediation.views.delete')}
                      data-testid="saved-view-delete"
                    />
                  </Popconfirm>
                </div>
              ))
            )}
          </div>
        )}
      >
        <Button data-testid="saved-views">
          {t('mediation.views.title')} {list.length > 0 ? `(${list.length})` : ''} <DownOutlined />
        </Button>
      </Dropdown>
      <Button icon={<SaveOutlined />} disabled={empty} onClick={() => setOpen(true)} data-testid="save-view">
        {t('mediation.views.save')}
      </Button>
      <Modal
        open={open}
        title={t('mediation.views.saveTitle')}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void save()}>
          <Form.Item
            name="name"
            label={t('mediation.views.name')}
            rules={[{ required: true, whitespace: true, message: t('mediation.views.nameRequired') }]}
          >
            <Input
              maxLength={64}
              autoFocus
              data-testid="view-name"
              placeholder={t('mediation.views.namePlaceholder')}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
