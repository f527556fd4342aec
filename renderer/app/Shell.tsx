import { Alert, Layout, Menu, Spin, theme } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isServerLost, useLiveStore } from '../stores/live.js';
import { HeaderBar } from './HeaderBar.js';
import { PageBoundary } from './PageBoundary.js';
import { PAGE_COMPONENTS } from './pages.js';
import { PAGES, useRoute } from './route.js';
import { createShortcutHandler, focusSearchBox } from './shortcuts.js';
import { ShortcutsHelp } from './ShortcutsHelp.js';

/** The side menu, the header and the current page. */
export function Shell() {
  const { t } = useTranslation('common');
  const page = useRoute((state) => state.page);
  const params = useRoute((state) => state.params);
  const navigate = useRoute((state) => state.navigate);
  const [isHelpOpen, setHelpOpen] = useState(false);
  const isLost = useLiveStore(isServerLost);
  const { token } = theme.useToken();
  const Page = PAGE_COMPONENTS[page];

  useEffect(() => {
    const onKey = createShortcutHandler({
      go: (target) => navigate(target),
      focusSearch: focusSearchBox,
      showHelp: () => setHelpOpen(true),
    });
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light">
        <Menu
          mode="inline"
          selectedKeys={[page]}
          onClick={({ key }) => navigate(key as (typeof PAGES)[number])}
          items={PAGES.map((key) => ({ key, label: t(`menu.${key}`) }))}
          style={{ height: '100%', paddingTop: 8 }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            paddingInline: 16,
            height: 'auto',
            lineHeight: '48px',
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <HeaderBar />
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          {isLost && (
            <Alert
              type="error"
              showIcon
              banner
              role="alert"
              title={t('header.lostServer')}
              style={{ marginBottom: 16 }}
            />
          )}
          <PageBoundary
            key={page}
            resetKey={params.join('/')}
            title={t('boundary.title')}
            retryLabel={t('boundary.retry')}
            staleTitle={t('boundary.staleTitle')}
            reloadLabel={t('boundary.reload')}
          >
            <Suspense fallback={<Spin description={t('loading')} />}>
              <Page />
            </Suspense>
          </PageBoundary>
        </Layout.Content>
      </Layout>
      <ShortcutsHelp open={isHelpOpen} onClose={() => setHelpOpen(false)} />
    </Layout>
  );
}
