/** Texts of the audit area, in English and Simplified Chinese (same keys in both). */
export const audit = {
  en: {
    title: 'Audit log',
    reload: 'Reload',
    more: 'Load older entries',
    column: {
      time: 'Time',
      user: 'User',
      host: 'Host',
      profile: 'Profile',
      action: 'Action',
      target: 'Target',
      detail: 'Detail',
      outcome: 'Outcome',
    },
    outcome: { ok: 'ok', failed: 'failed' },
  },
  zh: {
    title: '审计日志',
    reload: '刷新',
    more: '加载更早的记录',
    column: {
      time: '时间',
      user: '用户',
      host: '主机',
      profile: '配置',
      action: '操作',
      target: '对象',
      detail: '详情',
      outcome: '结果',
    },
    outcome: { ok: '成功', failed: '失败' },
  },
};
