import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { PageKey } from './route.js';

/** Each page is its own chunk, loaded the first time someone opens it. */
export const PAGE_COMPONENTS: Record<PageKey, LazyExoticComponent<ComponentType>> = {
  overview: lazy(() =>
    import('../pages/overview/OverviewPage.js').then((m) => ({ default: m.OverviewPage })),
  ),
  queues: lazy(() =>
    import('../pages/queues/QueuesPage.js').then((m) => ({ default: m.QueuesPage })),
  ),
  jobs: lazy(() => import('../pages/jobs/JobsPage.js').then((m) => ({ default: m.JobsPage }))),
  schedules: lazy(() =>
    import('../pages/schedules/SchedulesPage.js').then((m) => ({ default: m.SchedulesPage })),
  ),
  rules: lazy(() => import('../pages/rules/RulesPage.js').then((m) => ({ default: m.RulesPage }))),
  alerts: lazy(() =>
    import('../pages/alerts/AlertsPage.js').then((m) => ({ default: m.AlertsPage })),
  ),
  channels: lazy(() =>
    import('../pages/channels/ChannelsPage.js').then((m) => ({ default: m.ChannelsPage })),
  ),
  profiles: lazy(() =>
    import('../pages/profiles/ProfilesPage.js').then((m) => ({ default: m.ProfilesPage })),
  ),
  audit: lazy(() => import('../pages/audit/AuditPage.js').then((m) => ({ default: m.AuditPage }))),
};
