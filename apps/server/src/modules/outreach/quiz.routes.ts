import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams, quizAnswers, quizForParticipant, quizResult, trainingQuizSet } from '@shangmi/shared';
import * as svc from './outreach.service.js';

/** The optional quiz of a training session (docs/outreach.md § Quiz): set by the organiser, taken after check-in. */
export function quizRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['outreach'];
  r.put(
    '/api/outreach/trainings/:id/quiz',
    {
      schema: { operationId: 'outreach.setQuiz', tags, summary: '设置或删除培训测验（组织方） Set or remove the quiz', params: idParams, body: trainingQuizSet, response: { 200: quizForParticipant.nullable() } },
      config: { access: 'outreach:manage', action: 'outreach.quiz-set' },
    },
    (req) => req.mutate((ctx) => svc.setQuiz(ctx, req.params.id, req.body.quiz)),
  );
  r.get(
    '/api/outreach/trainings/:id/quiz',
    { schema: { operationId: 'outreach.getQuiz', tags, summary: '培训测验（参训人员不含答案） The quiz', params: idParams, response: { 200: quizForParticipant } }, config: { access: 'outreach:enrol' } },
    (req) => svc.getQuiz(req.ctx(), req.params.id),
  );
  r.post(
    '/api/outreach/trainings/:id/quiz',
    {
      schema: { operationId: 'outreach.answerQuiz', tags, summary: '提交测验（签到后） Answer the quiz', params: idParams, body: quizAnswers, response: { 200: quizResult } },
      config: { access: 'outreach:enrol', action: 'outreach.quiz-answer' },
    },
    (req) => req.mutate((ctx) => svc.answerQuiz(ctx, req.params.id, req.body.answers)),
  );
}
