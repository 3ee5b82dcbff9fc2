export default {
  home: {
    welcome: '欢迎，{name}',
    org: '所属机构',
    roles: '角色',
    dataScope: '数据范围',
    lastHint: '请从左侧菜单进入各项功能。',
    adminTotpAdvice: '等保三级（GB/T 22239-2019）要求管理员使用两种或两种以上组合的鉴别技术，建议启用双因素登录。',
    goEnable: '前往个人中心启用',
    quickLinks: '常用功能',
    todos: '待办事项',
    todosNone: '暂无待办',
    todo: {
      cases: {
        queue: '投诉举报待办',
        overdue: '已逾期的办理时限',
      },
      enterprises: {
        pending: '企业注册待审核',
      },
      cultivation: {
        district: '培育阶段待区县审核',
        city: '培育阶段待市局审批',
        returned: '培育申请被退回',
      },
      sites: {
        district: '站点验收待区县审核',
        city: '站点验收待市局认定',
        returned: '站点验收被退回',
      },
      assessments: {
        tasks: '待完成的体检任务',
        drafts: '未提交的诊断体检',
      },
      credit: {
        review: '行政处罚信息待审核',
        publish: '行政处罚信息待公示',
        withdraw: '须撤回的公示信息',
        serious: { decide: '严重违法失信名单待决定', publish: '严重违法失信名单待公示' },
        repair: { district: '信用修复申请待审核', city: '信用修复申请待决定' },
        removal: { district: '提前移出申请待受理', city: '提前移出申请待决定' },
      },
      listening: { needs: '企业诉求待办理' },
      outreach: { review: '文章待审核' },
      services: {
        accept: '服务求助待受理',
        assign: '服务求助待分派',
        confirm: '服务已办结待确认评价',
      },
    },
  },
};
