import type zh from '../zh-CN/roles';

const en: typeof zh = {
  roles: {
    title: 'Roles',
    add: 'New role',
    editTitle: 'Edit role',
    name: 'Role',
    nameZh: 'Chinese name',
    nameEn: 'English name',
    code: 'Code',
    codeFormat: '2–50 characters: starts with a lower-case letter; lower-case letters, digits and underscores',
    builtin: 'Built-in',
    custom: 'Custom',
    type: 'Type',
    dataScope: 'Data scope',
    permissions: 'Permissions',
    totpRequired: 'Two factors required',
    userCount: 'Users',
    createdAt: 'Created',
    deleteBlocked: 'Built-in roles and roles that still have users cannot be deleted',
    selectAll: 'All',
    builtinCodeHint: 'A built-in role keeps its code',
  },
  permissionDomains: {
    orgs: 'Organisations',
    users: 'Users',
    roles: 'Roles',
    oplog: 'Operation log',
    loginlog: 'Login log',
    dicts: 'Dictionaries',
    regions: 'Regions',
    enterprises: 'Enterprises',
    cultivation: 'Pilot cultivation',
    sites: 'Protection network',
  },
};
export default en;
