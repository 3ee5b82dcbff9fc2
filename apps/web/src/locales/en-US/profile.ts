import type zh from '../zh-CN/profile';

const en: typeof zh = {
  profile: {
    title: 'My account',
    info: 'My details',
    username: 'User name',
    displayName: 'Name',
    org: 'Organisation',
    roles: 'Roles',
    dataScope: 'Data scope',
    idleTimeout: 'Session timeout',
    idleTimeoutValue: 'Signed out after {minutes} minutes without activity',
  },
};
export default en;
