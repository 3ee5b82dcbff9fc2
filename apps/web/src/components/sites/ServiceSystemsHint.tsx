import { App, Button, Card, List, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { ServiceSystem } from '@shangmi/shared';
import { serviceSystemsApi } from '../../api/serviceSystems';
import { useAuth } from '../../lib/auth';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useRegionOptions } from '../useRegionOptions';
import { ServiceSystemItem } from './ServiceSystemItem';

/**
 * “不属于商业秘密保护？这些服务体系也能帮您” (issue 24 item 5) under a help request: the region's other public service
 * systems. An enterprise's 去这里办理 and an officer's 登记转介 record a referral (with the request when there is one),
 * which the directory's counts show; the entry's website opens when it has one.
 */
export function ServiceSystemsHint({ requestId }: { requestId?: number }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const regions = useRegionOptions();
  const q = useQuery({ queryKey: ['service-systems', 'active'], queryFn: ({ signal }) => serviceSystemsApi.list({}, signal) });
  if (!q.data?.length) return null;
  const enterprise = me?.orgKind === 'enterprise';
  const refer = async (s: ServiceSystem) => {
    // opened within the click (a popup blocker lets it through), the referral recorded alongside
    if (enterprise && s.url) window.open(s.url, '_blank', 'noopener');
    try {
      await serviceSystemsApi.refer(s.id, { requestId: requestId ?? null });
      message.success(enterprise ? t('systems.followed') : t('systems.referred'));
    } catch (e) {
      onError(e);
    }
  };
  return (
    <Card title={t('systems.hintTitle')} style={{ marginTop: 16 }} data-testid="systems-hint">
      <Typography.Paragraph type="secondary">{t('systems.hintIntro')}</Typography.Paragraph>
      <List
        dataSource={q.data}
        renderItem={(s) => (
          <List.Item key={s.id}>
            <ServiceSystemItem
              s={s}
              districtLabel={regions.districtLabel}
              action={
                <Button size="small" onClick={() => void refer(s)}>
                  {enterprise ? t('systems.follow') : t('systems.refer')}
                </Button>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
