import type zh from '../zh-CN/logs';

const en: typeof zh = {
  logs: {
    oplogTitle: 'Operation log',
    loginlogTitle: 'Login log',
    at: 'Time',
    user: 'User',
    username: 'User name',
    org: 'Organisation',
    action: 'Action',
    target: 'Target',
    result: 'Result',
    ip: 'IP address',
    userAgent: 'Browser',
    duration: 'Duration (ms)',
    method: 'Request',
    errorCode: 'Error code',
    requestId: 'Request ID',
    seq: 'Sequence',
    before: 'Before',
    after: 'After',
    keywordPlaceholder: 'User / target / path',
    actionPlaceholder: 'e.g. users.create',
    success: 'Success',
    failure: 'Failure',
    loginResult: {
      success: 'Signed in',
      bad_password: 'Wrong password',
      unknown_user: 'Unknown user',
      locked: 'Account locked',
      disabled: 'Account disabled',
      totp_required: 'Code required',
      bad_totp: 'Wrong code',
      logout: 'Signed out',
    },
  },
};
export default en;
