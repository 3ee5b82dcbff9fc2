export * from './regions.js';
export * from './orgs.js';
export * from './roles.js';
export * from './users.js';
export * from './audit.js';
export * from './dicts.js';
export * from './meta.js';
export * from './enterprises.js';
