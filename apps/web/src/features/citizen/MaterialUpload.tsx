import { CheckCircleFilled, PaperClipOutlined } from '@ant-design/icons';
import type { HallMaterial } from '@fengqiao/contracts';
import { Button, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { open } from '../hall/hall-api';
import { useHallErrorText } from '../hall/hall-errors';

export interface Uploaded {
  fileId: string;
  name: string;
  size: number;
}

/** What the server takes (it sniffs the bytes and has the last word); checked here first to answer at once. */
const TYPES = ['image/jpeg', 'image/png', 'application/pdf'];
const MAX_BYTES = 5 * 1024 * 1024;

/** One material of an application: pick a photo or PDF, uploaded at once; type and size checked. */
export function MaterialUpload({
  material,
  value,
  onChange,
  highlight,
}: {
  material: HallMaterial;
  value: Uploaded | undefined;
  onChange: (v: Uploaded | undefined) => void;
  /** Named in a correction request. */
  highlight?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useHallErrorText();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (!TYPES.includes(file.type)) {
      setError(t('hall.err.file_type'));
      onChange(undefined);
      return;
    }
    if (file.size > MAX_BYTES) {
      setError(t('hall.err.file_too_large'));
      onChange(undefined);
      return;
    }
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const r = await open<{ fileId: string; size: number }>('/api/citizen/uploads', { form });
      onChange({ fileId: r.fileId, name: file.name, size: r.size });
    } catch (e) {
      setError(errorText(e));
      onChange(undefined);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div
      style={{
        borderBottom: '1px solid #eef0f4',
        padding: '10px 0',
        background: highlight ? '#fff7e6' : undefined,
      }}
      data-testid={`m-material-${material.code}`}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'center' }}>
        <div>
          {i18n.language === 'en-US' ? material.nameEn : material.nameZh}
          {material.required ? <span style={{ color: '#cf1322' }}> *</span> : null}
          {value ? (
            <div style={{ fontSize: 12, color: '#389e0d' }}>
              <CheckCircleFilled /> {value.name} ({Math.ceil(value.size / 1024)} KB)
            </div>
          ) : null}
        </div>
        <Button icon={<PaperClipOutlined />} loading={busy} onClick={() => input.current?.click()}>
          {value ? t('citizen.apply.replace') : t('citizen.apply.upload')}
        </Button>
        <input
          ref={input}
          type="file"
          accept="image/jpeg,image/png,application/pdf"
          style={{ display: 'none' }}
          onChange={(e) => void pick(e.target.files?.[0])}
          data-testid={`m-file-${material.code}`}
        />
      </div>
      {error ? (
        <Typography.Text type="danger" style={{ fontSize: 13 }} data-testid="m-upload-error">
          {error}
        </Typography.Text>
      ) : null}
    </div>
  );
}
