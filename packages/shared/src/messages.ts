import type { Locale } from './common.js';

type Msg = { zh: string; en: string };

/** The closed set of error codes the API returns, with the HTTP status each maps to. */
export const ERROR_CODES = {
  VALIDATION: 400,
  BAD_REQUEST: 400,
  WEAK_PASSWORD: 400,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  TOTP_REQUIRED: 401,
  TOTP_INVALID: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  ACCOUNT_DISABLED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  TOTP_ENROLL_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_MESSAGES: Record<ErrorCode, Msg> = {
  VALIDATION: { zh: '提交的内容有误，请检查标出的字段', en: 'Some fields are invalid; please check them' },
  BAD_REQUEST: { zh: '请求格式不正确', en: 'The request is malformed' },
  WEAK_PASSWORD: {
    zh: '密码不符合要求：至少 8 位，且包含大写字母、小写字母、数字、符号中的至少 3 类，不得包含用户名',
    en: 'The password must have at least 8 characters from at least 3 of: upper case, lower case, digits, symbols, and must not contain the user name',
  },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please sign in' },
  SESSION_EXPIRED: { zh: '登录已超时，请重新登录', en: 'Your session has expired; please sign in again' },
  INVALID_CREDENTIALS: { zh: '用户名或密码错误', en: 'Wrong user name or password' },
  TOTP_REQUIRED: { zh: '请输入动态验证码', en: 'Enter the code from your authenticator app' },
  TOTP_INVALID: { zh: '动态验证码错误', en: 'The authenticator code is wrong' },
  FORBIDDEN: { zh: '没有权限执行此操作', en: 'You do not have permission to do this' },
  CSRF: { zh: '安全校验失败，请刷新页面后重试', en: 'Security check failed; reload the page and try again' },
  ACCOUNT_DISABLED: { zh: '账号已停用，请联系管理员', en: 'This account is disabled; contact an administrator' },
  PASSWORD_CHANGE_REQUIRED: { zh: '请先修改初始密码', en: 'Change your initial password first' },
  TOTP_ENROLL_REQUIRED: {
    zh: '您的角色要求启用双因素登录，请先绑定动态验证码',
    en: 'Your role requires two-factor login; set up an authenticator first',
  },
  NOT_FOUND: { zh: '记录不存在或无权访问', en: 'Not found, or you may not see it' },
  CONFLICT: { zh: '与已有数据冲突', en: 'This conflicts with existing data' },
  PAYLOAD_TOO_LARGE: { zh: '提交的内容过大', en: 'The request is too large' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  ACCOUNT_LOCKED: { zh: '密码错误次数过多，账号已锁定 15 分钟', en: 'Too many failed attempts; the account is locked for 15 minutes' },
  RATE_LIMITED: { zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  INTERNAL: { zh: '系统内部错误，请稍后再试', en: 'Internal error; please try again later' },
  UNAVAILABLE: { zh: '服务暂不可用', en: 'Service unavailable' },
};

/** Field names as users read them, for validation messages. Modules add theirs. */
export const FIELD_LABELS: Record<string, Msg> = {
  username: { zh: '用户名', en: 'User name' },
  password: { zh: '密码', en: 'Password' },
  currentPassword: { zh: '当前密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  totpCode: { zh: '动态验证码', en: 'Authenticator code' },
  code: { zh: '编码', en: 'Code' },
  displayName: { zh: '姓名', en: 'Name' },
  orgId: { zh: '所属机构', en: 'Organisation' },
  parentId: { zh: '上级机构', en: 'Parent organisation' },
  phone: { zh: '手机号', en: 'Phone' },
  email: { zh: '电子邮箱', en: 'E-mail' },
  roleIds: { zh: '角色', en: 'Roles' },
  status: { zh: '状态', en: 'Status' },
  name: { zh: '名称', en: 'Name' },
  shortName: { zh: '简称', en: 'Short name' },
  kind: { zh: '类型', en: 'Kind' },
  districtCode: { zh: '所属区县', en: 'District' },
  creditCode: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  contactName: { zh: '联系人', en: 'Contact' },
  contactPhone: { zh: '联系电话', en: 'Contact phone' },
  address: { zh: '地址', en: 'Address' },
  sort: { zh: '排序', en: 'Order' },
  nameZh: { zh: '中文名称', en: 'Chinese name' },
  nameEn: { zh: '英文名称', en: 'English name' },
  dataScope: { zh: '数据范围', en: 'Data scope' },
  permissions: { zh: '权限', en: 'Permissions' },
  value: { zh: '字典值', en: 'Value' },
  labelZh: { zh: '中文标签', en: 'Chinese label' },
  labelEn: { zh: '英文标签', en: 'English label' },
  parentValue: { zh: '上级值', en: 'Parent value' },
  enabled: { zh: '启用', en: 'Enabled' },
  page: { zh: '页码', en: 'Page' },
  pageSize: { zh: '每页条数', en: 'Page size' },
  totpRequired: { zh: '强制双因素登录', en: 'Two factors required' },
  body: { zh: '请求内容', en: 'Request body' },
  regionCode: { zh: '所属地区', en: 'Region' },
  legalRep: { zh: '法定代表人', en: 'Legal representative' },
  regAddress: { zh: '注册地址', en: 'Registered address' },
  opAddress: { zh: '经营地址', en: 'Operating address' },
  parkId: { zh: '所属园区', en: 'Park' },
  industryCode: { zh: '所属行业', en: 'Industry' },
  size: { zh: '企业规模', en: 'Size' },
  kinds: { zh: '企业类型', en: 'Enterprise kinds' },
  products: { zh: '主营产品', en: 'Main products' },
  contactEmail: { zh: '联系邮箱', en: 'Contact e-mail' },
  siteOrgId: { zh: '服务站点', en: 'Serving site' },
  intoId: { zh: '合并到的企业', en: 'Merge into' },
  reason: { zh: '原因', en: 'Reason' },
  q: { zh: '关键词', en: 'Search' },
  enterpriseId: { zh: '企业', en: 'Enterprise' },
  year: { zh: '年度', en: 'Year' },
  batch: { zh: '批次', en: 'Batch' },
  stage: { zh: '培育阶段', en: 'Stage' },
  toStage: { zh: '申请阶段', en: 'Requested stage' },
  review: { zh: '审核状态', en: 'Review state' },
  mentorName: { zh: '辅导老师', en: 'Mentor' },
  mentorPhone: { zh: '辅导老师电话', en: 'Mentor phone' },
  note: { zh: '备注', en: 'Note' },
  title: { zh: '标题', en: 'Title' },
  dueDate: { zh: '完成期限', en: 'Due date' },
  doneNote: { zh: '完成情况', en: 'Completion note' },
  fileIds: { zh: '佐证材料', en: 'Evidence' },
  comment: { zh: '意见说明', en: 'Comment' },
  decision: { zh: '审核结果', en: 'Decision' },
};

export function pick(msg: Msg, locale: Locale): string {
  return locale === 'en-US' ? msg.en : msg.zh;
}

export function fieldLabel(field: string, locale: Locale): string {
  const last = field.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? field;
  const m = FIELD_LABELS[last];
  return m ? pick(m, locale) : field;
}
