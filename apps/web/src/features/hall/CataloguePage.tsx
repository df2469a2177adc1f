import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { HallMaterial } from '@fengqiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/errors';
import { PageHeader } from '../../shared/PageHeader';
import { CalendarPanel } from './CalendarPanel';
import { hallKeys, nameOf, type Service, useServices, useWindows, type Window } from './hall-api';
import { useHallErrorText } from './hall-errors';

const CATEGORIES = ['household', 'id_card', 'residence_permit', 'certificate', 'enterprise'] as const;
const FLAGS = ['online', 'appointment', 'oneCertificate', 'homeVisit', 'enterprise', 'active'] as const;

interface ServiceForm {
  code: string;
  category: (typeof CATEGORIES)[number];
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  rulesZh: string;
  feeZh: string;
  materials: HallMaterial[];
  timeLimitDays: number;
  previousLimitDays: number | null;
  queuePrefix: string;
  sort: number;
  online: boolean;
  appointment: boolean;
  oneCertificate: boolean;
  homeVisit: boolean;
  enterprise: boolean;
  active: boolean;
}

/**
 * `/hall/catalogue`: the hall admin's catalogue — services with materials,
 * time limits and flags; windows and the services they serve; the
 * working-day calendar per year. Edits carry the row's version, so two
 * admins never overwrite each other silently.
 */
export default function CataloguePage() {
  const { t } = useTranslation();
  return (
    <div className="fq-page">
      <PageHeader title={t('hall.catalogue.title')} subtitle={t('hall.catalogue.subtitle')} />
      <Tabs
        items={[
          { key: 'services', label: t('hall.catalogue.services'), children: <ServicesPanel /> },
          { key: 'windows', label: t('hall.catalogue.windows'), children: <WindowsPanel /> },
          { key: 'calendar', label: t('hall.catalogue.calendar'), children: <CalendarPanel /> },
        ]}
      />
    </div>
  );
}

function ServicesPanel() {
  const { t, i18n } = useTranslation();
  const services = useServices();
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  return (
    <>
      {services.error ? <ErrorAlert error={services.error} onRetry={() => services.refetch()} /> : null}
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
        {t('hall.catalogue.newService')}
      </Button>
      <Table<Service>
        rowKey="id"
        size="small"
        loading={services.isPending}
        dataSource={services.data ?? []}
        pagination={false}
        onRow={(r) => ({ onClick: () => setEditing(r), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('hall.catalogue.prefix'), dataIndex: 'queuePrefix', width: 60 },
          {
            title: t('hall.catalogue.name'),
            render: (_, s) => (
              <>
                {nameOf(s, i18n.language)}
                {s.active ? null : <Tag style={{ marginLeft: 6 }}>{t('hall.catalogue.inactive')}</Tag>}
              </>
            ),
          },
          { title: t('hall.catalogue.category'), render: (_, s) => t(`hall.category.${s.category}`) },
          {
            title: t('hall.catalogue.limit'),
            render: (_, s) => (
              <>
                {s.timeLimitDays === 0 ? t('citizen.flag.onTheSpot') : t('citizen.flag.days', { n: s.timeLimitDays })}
                {s.previousLimitDays !== null ? <span className="fq-muted"> ← {s.previousLimitDays}</span> : null}
              </>
            ),
          },
          { title: t('hall.catalogue.materials'), render: (_, s) => s.materials.length, align: 'right' },
          {
            title: t('hall.catalogue.flags'),
            render: (_, s) => (
              <>
                {s.oneCertificate ? <Tag color="green">{t('citizen.flag.oneCertificate')}</Tag> : null}
                {s.online ? <Tag color="purple">{t('citizen.flag.online')}</Tag> : null}
                {s.appointment ? <Tag color="cyan">{t('citizen.flag.appointment')}</Tag> : null}
                {s.homeVisit ? <Tag color="orange">{t('citizen.flag.homeVisit')}</Tag> : null}
              </>
            ),
          },
          { title: t('hall.catalogue.windows'), render: (_, s) => s.windows.map((w) => w.number).join('、') },
        ]}
      />
      <ServiceDrawer editing={editing} onClose={() => setEditing(null)} />
    </>
  );
}

function ServiceDrawer({ editing, onClose }: { editing: Service | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useHallErrorText();
  const [form] = Form.useForm<ServiceForm>();
  const [busy, setBusy] = useState(false);
  const isNew = editing === 'new';
  const initial: Partial<ServiceForm> =
    editing && editing !== 'new'
      ? { ...editing }
      : {
          category: 'household',
          materials: [],
          timeLimitDays: 0,
          previousLimitDays: null,
          queuePrefix: 'A',
          sort: 500,
          appointment: true,
          active: true,
          online: false,
          oneCertificate: false,
          homeVisit: false,
          enterprise: false,
          descriptionZh: '',
          rulesZh: '',
          feeZh: '',
        };

  const save = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      // Checkboxes left untouched are undefined, and an empty note is no note.
      const materials = (v.materials ?? []).map((m) => ({
        code: m.code,
        nameZh: m.nameZh,
        nameEn: m.nameEn,
        required: Boolean(m.required),
        ...(m.note ? { note: m.note } : {}),
      }));
      if (isNew) await api.post('/api/hall/services', { ...v, materials });
      else if (editing) {
        const { code: _code, ...rest } = v;
        await api.patch(`/api/hall/services/${editing.id}`, { ...rest, materials, version: editing.version });
      }
      message.success(t('hall.catalogue.saved'));
      await qc.invalidateQueries({ queryKey: ['hall'] });
      onClose();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={editing !== null}
      onClose={onClose}
      size={720}
      destroyOnHidden
      title={isNew ? t('hall.catalogue.newService') : t('hall.catalogue.editService')}
      extra={
        <Button type="primary" loading={busy} onClick={save}>
          {t('hall.common.save')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" initialValues={initial} key={isNew ? 'new' : (editing?.id ?? 'none')}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="code"
              label={t('hall.catalogue.code')}
              rules={[{ required: true, pattern: /^[a-z][a-z0-9_.]{2,47}$/, message: t('hall.catalogue.codeRule') }]}
            >
              <Input disabled={!isNew} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="category" label={t('hall.catalogue.category')}>
              <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`hall.category.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="nameZh"
              label={t('hall.catalogue.nameZh')}
              rules={[{ required: true, message: t('hall.common.required') }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="nameEn"
              label={t('hall.catalogue.nameEn')}
              rules={[{ required: true, message: t('hall.common.required') }]}
            >
              <Input maxLength={160} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="timeLimitDays" label={t('hall.catalogue.limitDays')} rules={[{ required: true }]}>
              <InputNumber min={0} max={60} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="previousLimitDays" label={t('hall.catalogue.previousDays')}>
              <InputNumber min={0} max={120} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="queuePrefix"
              label={t('hall.catalogue.prefix')}
              rules={[{ required: true, pattern: /^[A-X]$/, message: t('hall.catalogue.prefixRule') }]}
            >
              <Input maxLength={1} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="sort" label={t('hall.catalogue.sort')}>
              <InputNumber min={0} max={10000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap style={{ marginBottom: 12 }}>
          {FLAGS.map((f) => (
            <Form.Item key={f} name={f} valuePropName="checked" noStyle>
              <Checkbox>{t(`hall.catalogue.flag.${f}`)}</Checkbox>
            </Form.Item>
          ))}
        </Space>
        <Form.Item name="descriptionZh" label={t('hall.catalogue.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="rulesZh" label={t('hall.catalogue.rules')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="feeZh" label={t('hall.catalogue.fee')}>
          <Input maxLength={100} />
        </Form.Item>
        <Card size="small" title={t('hall.catalogue.materials')}>
          <Form.List name="materials">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }}>
                    <Form.Item
                      name={[f.name, 'code']}
                      rules={[
                        { required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('hall.catalogue.codeRule') },
                      ]}
                    >
                      <Input placeholder={t('hall.catalogue.code')} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'nameZh']}
                      rules={[{ required: true, message: t('hall.common.required') }]}
                    >
                      <Input placeholder={t('hall.catalogue.nameZh')} style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'nameEn']}
                      rules={[{ required: true, message: t('hall.common.required') }]}
                    >
                      <Input placeholder={t('hall.catalogue.nameEn')} style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'note']}>
                      <Input placeholder={t('hall.catalogue.materialNote')} style={{ width: 160 }} maxLength={200} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'required']} valuePropName="checked">
                      <Checkbox>{t('hall.catalogue.required')}</Checkbox>
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  onClick={() => add({ code: '', nameZh: '', nameEn: '', required: true })}
                >
                  {t('hall.catalogue.addMaterial')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
      </Form>
    </Drawer>
  );
}

function WindowsPanel() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useHallErrorText();
  const windows = useWindows();
  const services = useServices();
  const [editing, setEditing] = useState<Window | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{
    number: number;
    name: string;
    kind: 'general' | 'enterprise';
    appointments: boolean;
    slotCapacity: number;
    active: boolean;
    serviceIds: string[];
  }>();

  const openEditor = (w: Window | 'new') => {
    setEditing(w);
    form.setFieldsValue(
      w === 'new'
        ? {
            number: (windows.data?.length ?? 0) + 1,
            name: '',
            kind: 'general',
            appointments: true,
            slotCapacity: 2,
            active: true,
            serviceIds: [],
          }
        : { ...w, serviceIds: w.services.map((s) => s.id) },
    );
  };
  const save = async () => {
    // Field errors show under the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      if (editing === 'new') await api.post('/api/hall/windows', v);
      else if (editing) {
        const { number: _n, ...rest } = v;
        await api.patch(`/api/hall/windows/${editing.id}`, { ...rest, version: editing.version });
      }
      message.success(t('hall.catalogue.saved'));
      await qc.invalidateQueries({ queryKey: hallKeys.windows });
      await qc.invalidateQueries({ queryKey: hallKeys.services });
      setEditing(null);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {windows.error ? <ErrorAlert error={windows.error} onRetry={() => windows.refetch()} /> : null}
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => openEditor('new')}>
        {t('hall.catalogue.newWindow')}
      </Button>
      <Table<Window>
        rowKey="id"
        size="small"
        loading={windows.isPending}
        dataSource={windows.data ?? []}
        pagination={false}
        onRow={(r) => ({ onClick: () => openEditor(r), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('hall.display.window'), render: (_, w) => t('hall.display.windowNo', { n: w.number }) },
          { title: t('hall.catalogue.name'), dataIndex: 'name' },
          { title: t('hall.catalogue.kind'), render: (_, w) => t(`hall.catalogue.windowKind.${w.kind}`) },
          {
            title: t('hall.catalogue.capacity'),
            render: (_, w) => (w.appointments ? w.slotCapacity : '—'),
            align: 'right',
          },
          {
            title: t('hall.catalogue.active'),
            render: (_, w) =>
              w.active ? <Tag color="green">{t('hall.common.yes')}</Tag> : <Tag>{t('hall.common.no')}</Tag>,
          },
          {
            title: t('hall.catalogue.services'),
            render: (_, w) => w.services.map((s) => nameOf(s, i18n.language)).join('、'),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('hall.catalogue.newWindow') : t('hall.catalogue.editWindow')}
        onCancel={() => setEditing(null)}
        onOk={save}
        okButtonProps={{ loading: busy }}
        width={640}
        // Mounted from the start: the editor fills the form before the first opening.
        forceRender
      >
        <Form form={form} layout="vertical">
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="number" label={t('hall.catalogue.number')} rules={[{ required: true }]}>
                <InputNumber min={1} max={99} disabled={editing !== 'new'} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item
                name="name"
                label={t('hall.catalogue.name')}
                rules={[{ required: true, message: t('hall.common.required') }]}
              >
                <Input maxLength={40} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="kind" label={t('hall.catalogue.kind')}>
                <Select
                  options={(['general', 'enterprise'] as const).map((k) => ({
                    value: k,
                    label: t(`hall.catalogue.windowKind.${k}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="slotCapacity" label={t('hall.catalogue.capacity')}>
                <InputNumber min={0} max={50} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="appointments" label={t('hall.catalogue.flag.appointment')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="active" label={t('hall.catalogue.active')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="serviceIds" label={t('hall.catalogue.services')}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={(services.data ?? []).map((s) => ({ value: s.id, label: nameOf(s, i18n.language) }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
