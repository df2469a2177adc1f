import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUSLocale from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router-dom';
import { queryClient } from '../api/queries';
import { router } from './router';
import { installSessionEvents } from './session-events';

installSessionEvents(router, queryClient);

export const FONT_FAMILY =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif';

export function App() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  useEffect(() => {
    dayjs.locale(english ? 'en' : 'zh-cn');
  }, [english]);
  return (
    <ConfigProvider
      locale={english ? enUSLocale : zhCNLocale}
      button={{ autoInsertSpace: false }}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: '#1f4e9c',
          colorInfo: '#1f4e9c',
          borderRadius: 6,
          fontFamily: FONT_FAMILY,
          colorBgLayout: '#f3f5f9',
        },
        components: {
          Layout: { siderBg: '#0f2747', headerBg: '#ffffff', headerPadding: '0 20px', headerHeight: 56 },
          Menu: {
            darkItemBg: '#0f2747',
            darkSubMenuItemBg: '#0f2747',
            darkItemSelectedBg: '#1f4e9c',
            darkGroupTitleColor: 'rgba(255,255,255,0.45)',
          },
        },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
