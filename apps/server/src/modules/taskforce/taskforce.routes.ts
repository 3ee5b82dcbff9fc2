import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  TF_TASK_STATE_LABELS,
  decisionCreate,
  fileParams,
  idParams,
  pick,
  supervision,
  tfMeeting,
  tfMeetingCreate,
  tfMeetingListPageQuery,
  tfMeetingPage,
  tfMeetingUpdate,
  tfTaskDecision,
  tfTaskDetail,
  tfTaskExportQuery,
  tfTaskListPageQuery,
  tfTaskPage,
  tfTaskReason,
  tfTaskReport,
  unit,
  unitCreate,
  unitList,
  unitUpdate,
} from '@shangmi/shared';
import { EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import { sendStoredFile } from '../files/files.service.js';
import * as svc from './taskforce.service.js';

/** Member units, meetings and decisions, tasks and supervision (docs/taskforce.md § API). */
export function taskforceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['taskforce'];
  const params = idParams;
  const one = { 200: tfMeeting };
  const detail = { 200: tfTaskDetail };

  r.get('/api/taskforce/units', { schema: { operationId: 'taskforce.listUnits', tags, summary: '专班成员单位及联络人 Member units and contacts', response: { 200: unitList } }, config: { access: 'taskforce:read' } }, (req) => svc.listUnits(req.ctx()));
  r.post('/api/taskforce/units', { schema: { operationId: 'taskforce.createUnit', tags, summary: '增加成员单位 Add a member unit', body: unitCreate, response: { 200: unit } }, config: { access: 'taskforce:manage', action: 'taskforce.createUnit' } }, (req) =>
    req.mutate((ctx) => svc.createUnit(ctx, req.body)),
  );
  r.patch('/api/taskforce/units/:id', { schema: { operationId: 'taskforce.updateUnit', tags, summary: '修改成员单位（职责、联络人、停用） Edit a member unit', params, body: unitUpdate, response: { 200: unit } }, config: { access: 'taskforce:manage', action: 'taskforce.updateUnit' } }, (req) =>
    req.mutate((ctx) => svc.updateUnit(ctx, req.params.id, req.body)),
  );

  r.get('/api/taskforce/meetings', { schema: { operationId: 'taskforce.listMeetings', tags, summary: '联席会议与专班会议 Meetings', querystring: tfMeetingListPageQuery, response: { 200: tfMeetingPage } }, config: { access: 'taskforce:read' } }, (req) =>
    svc.listMeetings(req.ctx(), req.query),
  );
  r.post('/api/taskforce/meetings', { schema: { operationId: 'taskforce.createMeeting', tags, summary: '记录会议（议程、参会、纪要、议定事项及交办任务） Record a meeting', body: tfMeetingCreate, response: one }, config: { access: 'taskforce:manage', action: 'taskforce.createMeeting' } }, (req) =>
    req.mutate((ctx) => svc.createMeeting(ctx, req.body)),
  );
  r.get('/api/taskforce/meetings/:id', { schema: { operationId: 'taskforce.getMeeting', tags, summary: '一次会议 One meeting', params, response: one }, config: { access: 'taskforce:read' } }, (req) => svc.getMeeting(req.ctx(), req.params.id));
  r.patch('/api/taskforce/meetings/:id', { schema: { operationId: 'taskforce.updateMeeting', tags, summary: '修改会议记录（纪要、附件） Edit a meeting', params, body: tfMeetingUpdate, response: one }, config: { access: 'taskforce:manage', action: 'taskforce.updateMeeting' } }, (req) =>
    req.mutate((ctx) => svc.updateMeeting(ctx, req.params.id, req.body)),
  );
  r.post('/api/taskforce/meetings/:id/decisions', { schema: { operationId: 'taskforce.addDecision', tags, summary: '补录议定事项及交办任务 Add a decision', params, body: decisionCreate, response: one }, config: { access: 'taskforce:manage', action: 'taskforce.addDecision' } }, (req) =>
    req.mutate((ctx) => svc.addDecision(ctx, req.params.id, req.body)),
  );
  r.get('/api/taskforce/meetings/:id/files/:fileId', { schema: { operationId: 'taskforce.meetingFile', tags, summary: '下载会议纪要附件 Download a minutes file', params: fileParams }, config: { access: 'taskforce:read' } }, async (req, reply) => {
    const ctx = req.ctx();
    return sendStoredFile(ctx, reply, await svc.meetingFile(ctx, req.params.id, req.params.fileId));
  });

  r.get('/api/taskforce/tasks', { schema: { operationId: 'taskforce.listTasks', tags, summary: '交办任务（逾期在前） Tasks, overdue first', querystring: tfTaskListPageQuery, response: { 200: tfTaskPage } }, config: { access: 'taskforce:read' } }, (req) =>
    svc.listTasks(req.ctx(), req.query),
  );
  r.get('/api/taskforce/tasks/export', { schema: { operationId: 'taskforce.exportTasks', tags, summary: '导出交办任务督办表 Export tasks (xlsx)', querystring: tfTaskExportQuery }, config: { access: 'taskforce:read' } }, async (req, reply) => {
    const ctx = req.ctx();
    const l = ctx.locale;
    return sendXlsx(reply, {
      locale: l,
      fileZh: '专班交办任务督办表',
      fileEn: 'Task-force tasks',
      columns: [
        { zh: '编号', en: 'No.', width: 8, value: (x) => x.id },
        { zh: '会议', en: 'Meeting', width: 28, value: (x) => x.meetingTitle },
        { zh: '议定事项', en: 'Decision', width: 36, value: (x) => x.decisionText },
        { zh: '任务', en: 'Task', width: 36, value: (x) => x.title },
        { zh: '承办单位', en: 'Assigned to', width: 24, value: (x) => x.assigneeName },
        { zh: '办理期限', en: 'Due', width: 12, value: (x) => x.dueOn },
        { zh: '状态', en: 'State', width: 12, value: (x) => pick(TF_TASK_STATE_LABELS[x.state], l) },
        { zh: '逾期', en: 'Overdue', width: 8, value: (x) => (x.overdue ? (l === 'en-US' ? 'yes' : '是') : '') },
        { zh: '进展报送次数', en: 'Reports', width: 10, value: (x) => x.reports },
        { zh: '催办次数', en: 'Urged', width: 10, value: (x) => x.urged },
      ],
      rows: await svc.tasksForExport(ctx, req.query, EXPORT_LIMIT),
    });
  });
  r.get('/api/taskforce/supervision', { schema: { operationId: 'taskforce.supervision', tags, summary: '督办：按承办单位的未办结、逾期任务 Supervision by unit', response: { 200: supervision } }, config: { access: 'taskforce:read' } }, (req) => svc.supervision(req.ctx()));
  r.get('/api/taskforce/tasks/:id', { schema: { operationId: 'taskforce.getTask', tags, summary: '一项交办任务（含办理记录） One task with its history', params, response: detail }, config: { access: 'taskforce:read' } }, (req) => svc.getTask(req.ctx(), req.params.id));
  r.get('/api/taskforce/tasks/:id/files/:fileId', { schema: { operationId: 'taskforce.taskFile', tags, summary: '下载任务附件 Download a task attachment', params: fileParams }, config: { access: 'taskforce:read' } }, async (req, reply) => {
    const ctx = req.ctx();
    return sendStoredFile(ctx, reply, await svc.taskFile(ctx, req.params.id, req.params.fileId));
  });
  r.post('/api/taskforce/tasks/:id/report', { schema: { operationId: 'taskforce.reportTask', tags, summary: '报送进展（含附件） Report progress', params, body: tfTaskReport, response: detail }, config: { access: 'taskforce:report', action: 'taskforce.reportTask' } }, (req) =>
    req.mutate((ctx) => svc.taskStep(ctx, req.params.id, 'report', req.body)),
  );
  r.post('/api/taskforce/tasks/:id/complete', { schema: { operationId: 'taskforce.completeTask', tags, summary: '提交办结（含附件） Submit completion', params, body: tfTaskReport, response: detail }, config: { access: 'taskforce:report', action: 'taskforce.completeTask' } }, (req) =>
    req.mutate((ctx) => svc.taskStep(ctx, req.params.id, 'complete', req.body)),
  );
  r.post('/api/taskforce/tasks/:id/accept', { schema: { operationId: 'taskforce.acceptTask', tags, summary: '验收办结 Accept completion', params, body: tfTaskDecision, response: detail }, config: { access: 'taskforce:manage', action: 'taskforce.acceptTask' } }, (req) =>
    req.mutate((ctx) => svc.taskStep(ctx, req.params.id, 'accept', req.body)),
  );
  r.post('/api/taskforce/tasks/:id/return', { schema: { operationId: 'taskforce.returnTask', tags, summary: '退回重办（须说明理由） Return', params, body: tfTaskReason, response: detail }, config: { access: 'taskforce:manage', action: 'taskforce.returnTask' } }, (req) =>
    req.mutate((ctx) => svc.taskStep(ctx, req.params.id, 'return', req.body)),
  );
  r.post('/api/taskforce/tasks/:id/urge', { schema: { operationId: 'taskforce.urgeTask', tags, summary: '催办（通知承办单位） Urge', params, body: tfTaskDecision, response: detail }, config: { access: 'taskforce:manage', action: 'taskforce.urgeTask' } }, (req) =>
    req.mutate((ctx) => svc.taskStep(ctx, req.params.id, 'urge', req.body)),
  );
}
