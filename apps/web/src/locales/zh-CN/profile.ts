export default {
  profile: {
    title: '个人中心',
    info: '我的信息',
    username: '用户名',
    displayName: '姓名',
    org: '所属机构',
    roles: '角色',
    dataScope: '数据范围',
    idleTimeout: '会话超时',
    idleTimeoutValue: '{minutes} 分钟无操作自动退出',
  },
};
