import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { associationCreate, associationDetail, associationListPageQuery, associationPage, associationUpdate, candidateList, candidateQuery, idParams, memberAdd, memberParams, norm, normCreate, normParams, normVersionList } from '@shangmi/shared';
import * as svc from './listening.service.js';

/** 行业协会 and 保护联盟: the registry, members, versioned norms (docs/listening.md § Associations). */
export function associationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['listening'];
  const one = { 200: associationDetail };
  const access = 'listening:associations';

  r.get('/api/listening/associations', { schema: { operationId: 'listening.listAssociations', tags, summary: '行业协会与保护联盟 List associations and alliances', querystring: associationListPageQuery, response: { 200: associationPage } }, config: { access } }, (req) =>
    svc.listAssociations(req.ctx(), req.query),
  );
  r.post('/api/listening/associations', { schema: { operationId: 'listening.createAssociation', tags, summary: '登记协会或联盟 Register an association', body: associationCreate, response: one }, config: { access, action: 'listening.createAssociation' } }, (req) =>
    req.mutate((ctx) => svc.createAssociation(ctx, req.body)),
  );
  r.get('/api/listening/associations/:id', { schema: { operationId: 'listening.getAssociation', tags, summary: '协会详情（会员、规范、活动） One association', params: idParams, response: one }, config: { access } }, (req) =>
    svc.getAssociation(req.ctx(), req.params.id),
  );
  r.patch('/api/listening/associations/:id', { schema: { operationId: 'listening.updateAssociation', tags, summary: '修改协会信息 Change an association', params: idParams, body: associationUpdate, response: one }, config: { access, action: 'listening.updateAssociation' } }, (req) =>
    req.mutate((ctx) => svc.updateAssociation(ctx, req.params.id, req.body)),
  );
  r.get('/api/listening/associations/:id/candidates', { schema: { operationId: 'listening.memberCandidates', tags, summary: '会员选择：按名称或统一社会信用代码查找本地区企业（仅名称、代码、区县） Find enterprises to add as members', params: idParams, querystring: candidateQuery, response: { 200: candidateList } }, config: { access } }, (req) =>
    svc.memberCandidates(req.ctx(), req.params.id, req.query),
  );
  r.post('/api/listening/associations/:id/members', { schema: { operationId: 'listening.addMembers', tags, summary: '增加会员企业 Add members', params: idParams, body: memberAdd, response: one }, config: { access, action: 'listening.addMembers' } }, (req) =>
    req.mutate((ctx) => svc.addMembers(ctx, req.params.id, req.body)),
  );
  r.delete('/api/listening/associations/:id/members/:enterpriseId', { schema: { operationId: 'listening.removeMember', tags, summary: '会员退出 A member leaves', params: memberParams, response: one }, config: { access, action: 'listening.removeMember' } }, (req) =>
    req.mutate((ctx) => svc.removeMember(ctx, req.params.id, req.params.enterpriseId)),
  );
  r.post('/api/listening/associations/:id/norms', { schema: { operationId: 'listening.addNorm', tags, summary: '发布自律规范或公约（新文件或新版本） Publish a norm or a new version', params: idParams, body: normCreate, response: { 200: norm } }, config: { access, action: 'listening.addNorm' } }, (req) =>
    req.mutate((ctx) => svc.addNorm(ctx, req.params.id, req.body)),
  );
  r.get('/api/listening/associations/:id/norms/:code', { schema: { operationId: 'listening.normVersions', tags, summary: '一份规范的全部版本 Every version of a norm', params: normParams, response: { 200: normVersionList } }, config: { access } }, (req) =>
    svc.normVersions(req.ctx(), req.params.id, req.params.code),
  );
}
