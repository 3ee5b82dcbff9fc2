import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  article,
  articleCreate,
  articleListPageQuery,
  articlePage,
  articleStep,
  articleStepParams,
  articleUpdate,
  checkinBody,
  checkinInfo,
  checkinResult,
  checkinTokenParams,
  countsQuery,
  enrolmentList,
  enrolmentParams,
  enrolmentsAdd,
  eventCreate,
  eventListPageQuery,
  eventPage,
  eventResult,
  eventUpdate,
  hoursQuery,
  idParams,
  myTraining,
  outreachEvent,
  personHoursList,
  subscriptions,
  subscriptionsSet,
  outreachTraining,
  outreachTrainingCreate,
  trainingListPageQuery,
  trainingPage,
  outreachTrainingUpdate,
  yearCounts,
} from '@shangmi/shared';
import QRCode from 'qrcode';
import { trainingGoal } from './goal.js';
import { notFound } from '../../platform/errors.js';
import { sendXlsx } from '../../platform/export.js';
import { sendDocx } from '../../platform/docx.js';
import * as svc from './outreach.service.js';

/** Trainings, events, articles, subscriptions and the year's counts (docs/outreach.md). */
export function outreachRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['outreach'];

  // ---- trainings
  r.get(
    '/api/outreach/trainings',
    { schema: { operationId: 'outreach.listTrainings', tags, summary: '培训列表（本单位组织的、可报名的、我报名的） List trainings', querystring: trainingListPageQuery, response: { 200: trainingPage } }, config: { access: 'outreach:enrol' } },
    (req) => svc.listTrainings(req.ctx(), req.query),
  );
  r.post(
    '/api/outreach/trainings',
    { schema: { operationId: 'outreach.createTraining', tags, summary: '组织培训 Create a training', body: outreachTrainingCreate, response: { 200: outreachTraining } }, config: { access: 'outreach:manage', action: 'outreach.training-create' } },
    (req) => req.mutate(async (ctx) => svc.getTraining(ctx, (await svc.createTraining(ctx, req.body)).id)),
  );
  r.get(
    '/api/outreach/trainings/:id',
    { schema: { operationId: 'outreach.getTraining', tags, summary: '培训详情 A training', params: idParams, response: { 200: outreachTraining } }, config: { access: 'outreach:enrol' } },
    (req) => svc.getTraining(req.ctx(), req.params.id),
  );
  r.patch(
    '/api/outreach/trainings/:id',
    { schema: { operationId: 'outreach.updateTraining', tags, summary: '修改培训（计划中） Edit a planned training', params: idParams, body: outreachTrainingUpdate, response: { 200: outreachTraining } }, config: { access: 'outreach:manage', action: 'outreach.training-update' } },
    (req) => req.mutate(async (ctx) => svc.getTraining(ctx, (await svc.updateTraining(ctx, req.params.id, req.body)).id)),
  );
  r.post(
    '/api/outreach/trainings/:id/cancel',
    { schema: { operationId: 'outreach.cancelTraining', tags, summary: '取消培训 Cancel a training', params: idParams, response: { 200: outreachTraining } }, config: { access: 'outreach:manage', action: 'outreach.training-cancel' } },
    (req) =>
      req.mutate(async (ctx) => {
        await svc.cancelTraining(ctx, req.params.id);
        return svc.getTraining(ctx, req.params.id);
      }),
  );
  r.post(
    '/api/outreach/trainings/:id/enrol',
    { schema: { operationId: 'outreach.enrol', tags, summary: '本人报名 Enrol oneself', params: idParams, response: { 200: outreachTraining } }, config: { access: 'outreach:enrol', action: 'outreach.enrol' } },
    (req) =>
      req.mutate(async (ctx) => {
        await svc.enrolSelf(ctx, req.params.id);
        return svc.getTraining(ctx, req.params.id);
      }),
  );
  r.get(
    '/api/outreach/trainings/:id/enrolments',
    { schema: { operationId: 'outreach.listEnrolments', tags, summary: '报名与签到名单 Enrolments and check-ins', params: idParams, response: { 200: enrolmentList } }, config: { access: 'outreach:manage' } },
    (req) => svc.listEnrolments(req.ctx(), req.params.id),
  );
  r.post(
    '/api/outreach/trainings/:id/enrolments',
    { schema: { operationId: 'outreach.enrolOthers', tags, summary: '组织方代为报名 Enrol people', params: idParams, body: enrolmentsAdd, response: { 200: enrolmentList } }, config: { access: 'outreach:manage', action: 'outreach.enrol-others' } },
    (req) =>
      req.mutate(async (ctx) => {
        await svc.enrolOthers(ctx, req.params.id, req.body.userIds);
        return svc.listEnrolments(ctx, req.params.id);
      }),
  );
  r.get(
    '/api/outreach/trainings/:id/enrolments/:enrolmentId/certificate',
    { schema: { operationId: 'outreach.certificate', tags, summary: '培训证明（Word） The certificate', params: enrolmentParams }, config: { access: 'outreach:enrol' } },
    async (req, reply) => {
      const ctx = req.ctx();
      const c = await svc.enrolmentFor(ctx, req.params.id, req.params.enrolmentId);
      const doc = svc.buildCertificate(
        { number: c.enrolment.certificateNo ?? '', userName: c.userName, participantOrg: c.participantOrg, title: c.training.title, organiser: c.organiser, heldOn: c.training.heldOn, hours: c.hours },
        ctx.locale,
      );
      return sendDocx(reply, doc, `培训证明-${c.enrolment.certificateNo}`, `certificate-${c.enrolment.certificateNo}`);
    },
  );
  r.get(
    '/api/outreach/trainings/:id/qr.svg',
    { schema: { operationId: 'outreach.checkinQr', tags, summary: '签到二维码（SVG，组织方） The check-in QR code', params: idParams }, config: { access: 'outreach:manage' } },
    async (req, reply) => {
      const ctx = req.ctx();
      const tr = await svc.getTraining(ctx, req.params.id);
      if (!tr.checkinPath) throw notFound();
      const svg = await QRCode.toString(`${ctx.deps.config.publicUrl}${tr.checkinPath}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return reply.type('image/svg+xml').header('cache-control', 'private, no-store').send(svg);
    },
  );
  r.get(
    '/api/outreach/checkin/:token',
    { schema: { operationId: 'outreach.checkinInfo', tags, summary: '签到页的培训信息 The training a check-in code is for', params: checkinTokenParams, response: { 200: checkinInfo } }, config: { access: 'outreach:enrol' } },
    (req) => svc.checkinInfo(req.ctx(), req.params.token),
  );
  r.post(
    '/api/outreach/checkin',
    { schema: { operationId: 'outreach.checkIn', tags, summary: '扫码签到（当天、一次） Check in (on the day, once)', body: checkinBody, response: { 200: checkinResult } }, config: { access: 'outreach:enrol', action: 'outreach.checkin' } },
    (req) => req.mutate((ctx) => svc.checkIn(ctx, req.body.token)),
  );
  r.get(
    '/api/outreach/my-training',
    { schema: { operationId: 'outreach.myTraining', tags, summary: '本人培训记录与学时 One’s training record', querystring: hoursQuery, response: { 200: myTraining } }, config: { access: 'outreach:enrol' } },
    (req) => svc.myTraining(req.ctx(), req.query.year, trainingGoal().hoursPerYear),
  );
  r.get(
    '/api/outreach/hours',
    { schema: { operationId: 'outreach.hours', tags, summary: '人员年度学时（范围内） Hours per person in scope', querystring: hoursQuery, response: { 200: personHoursList } }, config: { access: 'outreach:read' } },
    (req) => svc.hoursByPerson(req.ctx(), req.query.year),
  );

  // ---- events
  r.get(
    '/api/outreach/events',
    { schema: { operationId: 'outreach.listEvents', tags, summary: '宣传活动 List publicity events', querystring: eventListPageQuery, response: { 200: eventPage } }, config: { access: 'outreach:read' } },
    (req) => svc.listEvents(req.ctx(), req.query),
  );
  r.post(
    '/api/outreach/events',
    { schema: { operationId: 'outreach.createEvent', tags, summary: '计划宣传活动 Plan an event', body: eventCreate, response: { 200: outreachEvent } }, config: { access: 'outreach:manage', action: 'outreach.event-create' } },
    (req) => req.mutate(async (ctx) => svc.getEvent(ctx, (await svc.createEvent(ctx, req.body)).id)),
  );
  r.get(
    '/api/outreach/events/:id',
    { schema: { operationId: 'outreach.getEvent', tags, summary: '宣传活动详情 An event', params: idParams, response: { 200: outreachEvent } }, config: { access: 'outreach:read' } },
    (req) => svc.getEvent(req.ctx(), req.params.id),
  );
  r.patch(
    '/api/outreach/events/:id',
    { schema: { operationId: 'outreach.updateEvent', tags, summary: '修改宣传活动（计划中） Edit a planned event', params: idParams, body: eventUpdate, response: { 200: outreachEvent } }, config: { access: 'outreach:manage', action: 'outreach.event-update' } },
    (req) => req.mutate(async (ctx) => svc.getEvent(ctx, (await svc.updateEvent(ctx, req.params.id, req.body)).id)),
  );
  r.post(
    '/api/outreach/events/:id/cancel',
    { schema: { operationId: 'outreach.cancelEvent', tags, summary: '取消宣传活动 Cancel an event', params: idParams, response: { 200: outreachEvent } }, config: { access: 'outreach:manage', action: 'outreach.event-cancel' } },
    (req) =>
      req.mutate(async (ctx) => {
        await svc.cancelEvent(ctx, req.params.id);
        return svc.getEvent(ctx, req.params.id);
      }),
  );
  r.post(
    '/api/outreach/events/:id/result',
    { schema: { operationId: 'outreach.eventResult', tags, summary: '登记活动成效（完成） Record the results', params: idParams, body: eventResult, response: { 200: outreachEvent } }, config: { access: 'outreach:manage', action: 'outreach.event-result' } },
    (req) => req.mutate(async (ctx) => svc.getEvent(ctx, (await svc.recordResult(ctx, req.params.id, req.body)).id)),
  );

  // ---- articles
  r.get(
    '/api/outreach/articles',
    { schema: { operationId: 'outreach.listArticles', tags, summary: '文章列表 List articles', querystring: articleListPageQuery, response: { 200: articlePage } }, config: { access: 'outreach:read' } },
    (req) => svc.listArticles(req.ctx(), req.query),
  );
  r.post(
    '/api/outreach/articles',
    { schema: { operationId: 'outreach.createArticle', tags, summary: '撰写文章（草稿） Write an article', body: articleCreate, response: { 200: article } }, config: { access: 'outreach:manage', action: 'outreach.article-create' } },
    (req) => req.mutate(async (ctx) => svc.getArticle(ctx, (await svc.createArticle(ctx, req.body)).id)),
  );
  r.get(
    '/api/outreach/articles/:id',
    { schema: { operationId: 'outreach.getArticle', tags, summary: '文章详情 An article', params: idParams, response: { 200: article } }, config: { access: 'outreach:read' } },
    (req) => svc.getArticle(req.ctx(), req.params.id),
  );
  r.patch(
    '/api/outreach/articles/:id',
    { schema: { operationId: 'outreach.updateArticle', tags, summary: '修改文章（草稿、退回、撤下） Edit an article', params: idParams, body: articleUpdate, response: { 200: article } }, config: { access: 'outreach:manage', action: 'outreach.article-update' } },
    (req) => req.mutate(async (ctx) => svc.getArticle(ctx, (await svc.updateArticle(ctx, req.params.id, req.body)).id)),
  );
  r.post(
    '/api/outreach/articles/:id/:step',
    {
      schema: { operationId: 'outreach.articleStep', tags, summary: '提交审核、退回、发布（可定时）、撤下 A step of publication', params: articleStepParams, body: articleStep, response: { 200: article } },
      // the engine checks each step's own permission (submit: outreach:manage; the others: outreach:publish)
      config: { access: 'outreach:manage', action: 'outreach.article-step' },
    },
    (req) =>
      req.mutate(async (ctx) => {
        await svc.articleStep(ctx, req.params.id, req.params.step, req.body);
        return svc.getArticle(ctx, req.params.id);
      }),
  );

  // ---- subscriptions and counts
  r.get(
    '/api/outreach/subscriptions',
    { schema: { operationId: 'outreach.subscriptions', tags, summary: '我的订阅 My subscriptions', response: { 200: subscriptions } }, config: { access: 'self' } },
    (req) => svc.mySubscriptions(req.ctx()),
  );
  r.put(
    '/api/outreach/subscriptions',
    { schema: { operationId: 'outreach.setSubscriptions', tags, summary: '设置订阅 Set my subscriptions', body: subscriptionsSet, response: { 200: subscriptions } }, config: { access: 'self', action: 'outreach.subscribe' } },
    (req) => req.mutate((ctx) => svc.setSubscriptions(ctx, req.body)),
  );
  r.get(
    '/api/outreach/counts',
    { schema: { operationId: 'outreach.counts', tags, summary: '年度统计（按组织单位、月份） The year’s counts', querystring: countsQuery, response: { 200: yearCounts } }, config: { access: 'outreach:read' } },
    (req) => svc.yearCounts(req.ctx(), req.query.year),
  );
  r.get(
    '/api/outreach/counts/export',
    { schema: { operationId: 'outreach.exportCounts', tags, summary: '导出年度统计（xlsx） Export the year’s counts', querystring: countsQuery }, config: { access: 'outreach:read' } },
    async (req, reply) => {
      const ctx = req.ctx();
      const c = await svc.yearCounts(ctx, req.query.year);
      return sendXlsx(reply, {
        locale: ctx.locale,
        fileZh: `宣传培训年度统计-${c.year}`,
        fileEn: `Outreach counts ${c.year}`,
        columns: [
          { zh: '组织单位', en: 'Organiser', width: 28, value: (x) => x.orgName },
          { zh: '培训场次', en: 'Trainings', width: 10, value: (x) => x.trainings },
          { zh: '培训人次', en: 'Participants', width: 10, value: (x) => x.trainingParticipants },
          { zh: '培训学时', en: 'Hours', width: 10, value: (x) => x.trainingHours },
          { zh: '宣传活动', en: 'Events', width: 10, value: (x) => x.events },
          { zh: '活动参与人数', en: 'Event participants', width: 12, value: (x) => x.eventParticipants },
          { zh: '覆盖/浏览量', en: 'Reach', width: 12, value: (x) => x.reach },
          { zh: '发布文章', en: 'Articles', width: 10, value: (x) => x.articles },
        ],
        rows: c.byOrganiser,
      });
    },
  );
}
