import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  appraisalAnswer,
  appraisalEvidence,
  appraisalFileParams,
  appraisalIdParams,
  appraisalItemParams,
  appraisalObjection,
  appraisalRound,
  appraisalRoundList,
  appraisalRoundOpen,
  appraisalRoundQuery,
  appraisalScore,
  appraisalSchemeList,
  appraisalSheet,
  appraisalFinalise,
  appraisalSchemeDraft,
  appraisalSchemeVersion,
  appraisalSchemeVersionList,
  appraisalSchemeVersionQuery,
  okResponse,
} from '@shangmi/shared';
import { sendDocx } from '../../platform/docx.js';
import { sendWorkbook } from '../../platform/export.js';
import { sendStoredFile } from '../files/files.service.js';
import { listRegions } from '../regions/regions.service.js';
import * as svc from './appraisal.service.js';

const tags = ['appraisal'];

/** Schemes, rounds, sheets, exports (docs/appraisal.md § API). */
export function appraisalRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = appraisalIdParams;
  const round = { 200: appraisalRound };
  const sheet = { 200: appraisalSheet };
  const manage = (action: string) => ({ access: 'appraisal:manage' as const, action: `appraisal.${action}` });
  const submit = (action: string) => ({ access: 'appraisal:submit' as const, action: `appraisal.${action}` });

  r.get('/api/appraisal/schemes', { schema: { operationId: 'appraisal.listSchemes', tags, summary: '考核方案（各年度现行发布版本） The yearly appraisal schemes in force', response: { 200: appraisalSchemeList } }, config: { access: 'appraisal:read' } }, (req) =>
    svc.currentSchemes(req.ctx()),
  );
  // 考核方案管理: versions edited on the web (docs/appraisal.md § Scheme versions)
  const version = { 200: appraisalSchemeVersion };
  r.get('/api/appraisal/scheme-versions', { schema: { operationId: 'appraisal.listSchemeVersions', tags, summary: '考核方案版本 The scheme’s versions', querystring: appraisalSchemeVersionQuery, response: { 200: appraisalSchemeVersionList } }, config: { access: 'appraisal:read' } }, (req) =>
    svc.listSchemeVersions(req.ctx(), req.query),
  );
  r.get('/api/appraisal/scheme-versions/:id', { schema: { operationId: 'appraisal.getSchemeVersion', tags, summary: '考核方案的一个版本 A version of the scheme', params, response: version }, config: { access: 'appraisal:read' } }, (req) =>
    svc.getSchemeVersion(req.ctx(), req.params.id),
  );
  r.post('/api/appraisal/scheme-versions', { schema: { operationId: 'appraisal.createSchemeVersion', tags, summary: '新建方案版本（草稿） A new version as a draft', body: appraisalSchemeDraft, response: version }, config: manage('createSchemeVersion') }, (req) =>
    req.mutate((ctx) => svc.createDraft(ctx, req.body)),
  );
  r.put('/api/appraisal/scheme-versions/:id', { schema: { operationId: 'appraisal.updateSchemeVersion', tags, summary: '修改方案草稿 Edit a draft', params, body: appraisalSchemeDraft, response: version }, config: manage('updateSchemeVersion') }, (req) =>
    req.mutate((ctx) => svc.updateDraft(ctx, req.params.id, req.body)),
  );
  r.post('/api/appraisal/scheme-versions/:id/publish', { schema: { operationId: 'appraisal.publishSchemeVersion', tags, summary: '发布方案版本 Publish a draft', params, response: version }, config: manage('publishSchemeVersion') }, (req) =>
    req.mutate((ctx) => svc.publishVersion(ctx, req.params.id)),
  );
  r.delete('/api/appraisal/scheme-versions/:id', { schema: { operationId: 'appraisal.deleteSchemeVersion', tags, summary: '删除方案草稿 Delete a draft', params, response: { 200: okResponse } }, config: manage('deleteSchemeVersion') }, (req) =>
    req.mutate((ctx) => svc.deleteDraft(ctx, req.params.id)),
  );
  r.get('/api/appraisal/rounds', { schema: { operationId: 'appraisal.listRounds', tags, summary: '考核轮次 Appraisal rounds', querystring: appraisalRoundQuery, response: { 200: appraisalRoundList } }, config: { access: 'appraisal:read' } }, (req) =>
    svc.listRounds(req.ctx(), req.query),
  );
  r.post('/api/appraisal/rounds', { schema: { operationId: 'appraisal.openRound', tags, summary: '开启年度考核 Open a year’s appraisal', body: appraisalRoundOpen, response: round }, config: manage('openRound') }, (req) =>
    req.mutate((ctx) => svc.openRound(ctx, req.body)),
  );
  r.get('/api/appraisal/rounds/:id', { schema: { operationId: 'appraisal.getRound', tags, summary: '考核轮次及排名 A round with its sheets and ranking', params, response: round }, config: { access: 'appraisal:read' } }, (req) =>
    svc.roundView(req.ctx(), req.params.id),
  );
  r.post('/api/appraisal/rounds/:id/refresh', { schema: { operationId: 'appraisal.refreshRound', tags, summary: '刷新指标数据 Fill the computed items again', params, response: round }, config: manage('refreshRound') }, (req) =>
    req.mutate((ctx) => svc.refreshRound(ctx, req.params.id)),
  );
  r.post('/api/appraisal/rounds/:id/scoring', { schema: { operationId: 'appraisal.startScoring', tags, summary: '开始评分（冻结指标数据） Start scoring', params, response: round }, config: manage('startScoring') }, (req) =>
    req.mutate((ctx) => svc.startScoring(ctx, req.params.id)),
  );
  r.post('/api/appraisal/rounds/:id/publish', { schema: { operationId: 'appraisal.publishRound', tags, summary: '公布考核结果 Publish the result to the districts', params, response: round }, config: manage('publishRound') }, (req) =>
    req.mutate((ctx) => svc.publishRound(ctx, req.params.id)),
  );
  r.post('/api/appraisal/rounds/:id/finalise', { schema: { operationId: 'appraisal.finaliseRound', tags, summary: '终定排名 Finalise the ranking', params, body: appraisalFinalise, response: round }, config: manage('finaliseRound') }, (req) =>
    req.mutate((ctx) => svc.finaliseRound(ctx, req.params.id, req.body.early)),
  );
  const roundFile = async (req: { ctx: () => Parameters<typeof svc.roundView>[0]; params: { id: number } }) => {
    const ctx = req.ctx();
    const view = await svc.roundView(ctx, req.params.id);
    const region = (await listRegions(ctx)).find((x) => x.code === view.regionCode);
    return { view, regionName: region?.name ?? view.regionCode };
  };
  r.get('/api/appraisal/rounds/:id/ranking.docx', { schema: { operationId: 'appraisal.rankingDocx', tags, summary: '考核结果排名（Word） The ranking as a Word file', params }, config: { access: 'appraisal:read' } }, async (req, reply) => {
    const { view, regionName } = await roundFile(req);
    return sendDocx(reply, svc.rankingDocx(view, regionName), `${view.year}年度考核结果.docx`, `appraisal-ranking-${view.year}.docx`);
  });
  r.get('/api/appraisal/rounds/:id/ranking.xlsx', { schema: { operationId: 'appraisal.rankingXlsx', tags, summary: '考核结果排名（Excel） The ranking as a workbook', params }, config: { access: 'appraisal:read' } }, async (req, reply) => {
    const { view } = await roundFile(req);
    return sendWorkbook(reply, svc.rankingWorkbook(view), `${view.year}年度考核结果.xlsx`, `appraisal-ranking-${view.year}.xlsx`);
  });

  r.get('/api/appraisal/sheets/:id', { schema: { operationId: 'appraisal.getSheet', tags, summary: '区县考核评分表 A district’s sheet', params, response: sheet }, config: { access: 'appraisal:read' } }, (req) => svc.getSheet(req.ctx(), req.params.id));
  r.put('/api/appraisal/sheets/:id/items/:key/evidence', { schema: { operationId: 'appraisal.putEvidence', tags, summary: '补充证明材料 Evidence for a manual item', params: appraisalItemParams, body: appraisalEvidence, response: sheet }, config: submit('putEvidence') }, (req) =>
    req.mutate((ctx) => svc.putEvidence(ctx, req.params.id, req.params.key, req.body)),
  );
  r.post('/api/appraisal/sheets/:id/submit', { schema: { operationId: 'appraisal.submitSheet', tags, summary: '提交考核材料 Submit the sheet', params, response: sheet }, config: submit('submitSheet') }, (req) =>
    req.mutate((ctx) => svc.submitSheet(ctx, req.params.id)),
  );
  r.put('/api/appraisal/sheets/:id/items/:key/score', { schema: { operationId: 'appraisal.scoreItem', tags, summary: '评分（手工项、加减分） Score an item', params: appraisalItemParams, body: appraisalScore, response: sheet }, config: manage('scoreItem') }, (req) =>
    req.mutate((ctx) => svc.scoreItem(ctx, req.params.id, req.params.key, req.body)),
  );
  r.post('/api/appraisal/sheets/:id/objection', { schema: { operationId: 'appraisal.objectSheet', tags, summary: '对考核结果提出异议（一次） Object to the result, once', params, body: appraisalObjection, response: sheet }, config: submit('objectSheet') }, (req) =>
    req.mutate((ctx) => svc.objectSheet(ctx, req.params.id, req.body.reason)),
  );
  r.post('/api/appraisal/sheets/:id/answer', { schema: { operationId: 'appraisal.answerObjection', tags, summary: '答复异议 Answer an objection', params, body: appraisalAnswer, response: sheet }, config: manage('answerObjection') }, (req) =>
    req.mutate((ctx) => svc.answerObjection(ctx, req.params.id, req.body)),
  );
  r.get('/api/appraisal/sheets/:id/files/:fileId', { schema: { operationId: 'appraisal.sheetFile', tags, summary: '证明材料下载 An evidence file', params: appraisalFileParams }, config: { access: 'appraisal:read' } }, async (req, reply) => {
    const ctx = req.ctx();
    return sendStoredFile(ctx, reply, await svc.sheetFile(ctx, req.params.id, req.params.fileId));
  });
  r.get('/api/appraisal/sheets/:id/sheet.docx', { schema: { operationId: 'appraisal.sheetDocx', tags, summary: '区县评分表（Word） The sheet as a Word file', params }, config: { access: 'appraisal:read' } }, async (req, reply) => {
    const s = await svc.getSheet(req.ctx(), req.params.id);
    return sendDocx(reply, svc.sheetDocx(s), `${s.districtName}${s.year}年度考核评分表.docx`, `appraisal-sheet-${s.districtCode}-${s.year}.docx`);
  });
  r.get('/api/appraisal/sheets/:id/sheet.xlsx', { schema: { operationId: 'appraisal.sheetXlsx', tags, summary: '区县评分表（Excel） The sheet as a workbook', params }, config: { access: 'appraisal:read' } }, async (req, reply) => {
    const s = await svc.getSheet(req.ctx(), req.params.id);
    return sendWorkbook(reply, svc.sheetWorkbook(s), `${s.districtName}${s.year}年度考核评分表.xlsx`, `appraisal-sheet-${s.districtCode}-${s.year}.xlsx`);
  });
}
