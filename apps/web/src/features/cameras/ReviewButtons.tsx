import type { CameraEventView } from '@fengqiao/contracts';
import { App, Button, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/queries';
import { useErrorText } from '../../shared/errors';
import { useReview } from './queries';

/** Confirm or reject a violation; a rejection asks for its reason. */
export function ReviewButtons({ event }: { event: CameraEventView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const me = useMe();
  const review = useReview();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  if (!(me.data?.permissions.includes('violations.review') ?? false)) return null;
  if (event.review.status !== 'pending') return <span>{t('cameras.queue.done')}</span>;
  const decide = async (decision: 'confirmed' | 'rejected') => {
    try {
      await review.mutateAsync({ id: event.id, decision, reason: decision === 'rejected' ? reason : '' });
      message.success(t(`cameras.queue.${decision}`));
      setRejecting(false);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <>
      <Space>
        <Button type="primary" danger size="small" onClick={() => decide('confirmed')} loading={review.isPending}>
          {t('cameras.queue.confirm')}
        </Button>
        <Button size="small" onClick={() => setRejecting(true)}>
          {t('cameras.queue.reject')}
        </Button>
      </Space>
      <Modal
        open={rejecting}
        title={t('cameras.queue.reason')}
        onCancel={() => setRejecting(false)}
        onOk={() =>
          reason.trim().length >= 2 ? decide('rejected') : message.warning(t('cameras.queue.reasonRequired'))
        }
        confirmLoading={review.isPending}
        destroyOnHidden
      >
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </Modal>
    </>
  );
}
