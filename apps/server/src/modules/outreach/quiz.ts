/**
 * The optional short quiz of a training session (测验): questions with their right option, kept as data on the session
 * (`outreach_trainings.quiz`). A participant takes it on the phone after checking in; the score (percent of right
 * answers) is recorded on the enrolment — the best of the attempts, merged in SQL (no read-merge-write). A session may
 * ask for a pass mark before its certificate is given (`certificateNeedsPass`). The questions cannot change once
 * someone has answered (their score would no longer mean the same thing).
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { QuizForParticipant, QuizResult, TrainingQuiz } from '@shangmi/shared';
import { outreachEnrolments, outreachTrainings } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { conflict, fieldError, notFound } from '../../platform/errors.js';
import { M } from './outreach.messages.js';
import { findTraining, mayManage, type TrainingRow } from './scope.js';

const passedOf = (quiz: TrainingQuiz, score: number | null) => (quiz.passMark === null || score === null ? null : score >= quiz.passMark);

/** Sets or removes the session's quiz (the organiser), while nobody has answered it. */
export async function setQuiz(ctx: Ctx, trainingId: number, quiz: TrainingQuiz | null): Promise<QuizForParticipant | null> {
  const row = await findTraining(ctx, trainingId, { manage: true, lock: true });
  const [answered] = await ctx.db
    .select({ id: outreachEnrolments.id })
    .from(outreachEnrolments)
    .where(and(eq(outreachEnrolments.trainingId, row.id), gt(outreachEnrolments.quizAttempts, 0)))
    .limit(1);
  if (answered) throw fieldError('questions', M.quizAnswered, 'CONFLICT');
  await ctx.db.update(outreachTrainings).set({ quiz, updatedAt: ctx.now }).where(eq(outreachTrainings.id, row.id));
  ctx.audit = { action: 'outreach.quiz-set', targetType: 'outreach_training', targetId: row.id, before: { questions: row.quiz?.questions.length ?? 0 }, after: { questions: quiz?.questions.length ?? 0, passMark: quiz?.passMark ?? null } };
  return quiz ? view(ctx, { ...row, quiz }) : null;
}

async function view(ctx: Ctx, row: TrainingRow): Promise<QuizForParticipant> {
  const actor = requireActor(ctx);
  const quiz = row.quiz!;
  const [e] = await ctx.db
    .select()
    .from(outreachEnrolments)
    .where(and(eq(outreachEnrolments.trainingId, row.id), eq(outreachEnrolments.userId, actor.userId)));
  return {
    trainingId: row.id,
    title: row.title,
    questions: quiz.questions.map((q) => ({ text: q.text, options: q.options })),
    passMark: quiz.passMark,
    certificateNeedsPass: quiz.certificateNeedsPass,
    answers: mayManage(actor, row) ? quiz.questions.map((q) => q.answer) : null,
    mine: e ? { score: e.quizScore, attempts: e.quizAttempts, passed: passedOf(quiz, e.quizScore) } : null,
  };
}

/** The quiz as the caller may see it: the organiser with the answers, a participant without (any time). */
export async function getQuiz(ctx: Ctx, trainingId: number): Promise<QuizForParticipant> {
  const row = await findTraining(ctx, trainingId);
  if (!row.quiz) throw notFound();
  return view(ctx, row);
}

/** Scores one attempt: only a participant who checked in; the best score is kept. */
export async function answerQuiz(ctx: Ctx, trainingId: number, answers: number[]): Promise<QuizResult> {
  const actor = requireActor(ctx);
  const row = await findTraining(ctx, trainingId);
  const quiz = row.quiz;
  if (!quiz) throw notFound();
  if (answers.length !== quiz.questions.length) throw fieldError('answers', M.quizCount(quiz.questions.length));
  const correct = quiz.questions.filter((q, i) => q.answer === answers[i]).length;
  const score = Math.round((100 * correct) / quiz.questions.length);
  const [e] = await ctx.db
    .update(outreachEnrolments)
    .set({ quizScore: sql`greatest(coalesce(${outreachEnrolments.quizScore}, 0), ${score})`, quizAttempts: sql`${outreachEnrolments.quizAttempts} + 1` })
    .where(and(eq(outreachEnrolments.trainingId, row.id), eq(outreachEnrolments.userId, actor.userId), sql`${outreachEnrolments.checkedInAt} is not null`))
    .returning({ best: outreachEnrolments.quizScore, attempts: outreachEnrolments.quizAttempts });
  if (!e) throw conflict(M.quizNotCheckedIn);
  ctx.audit = { action: 'outreach.quiz-answer', targetType: 'outreach_training', targetId: row.id, after: { score, best: e.best, attempts: e.attempts } };
  return { score, correct, total: quiz.questions.length, best: e.best!, passed: passedOf(quiz, e.best) };
}

/** Whether the certificate may be given: no quiz, no pass required, or passed. */
export function certificateAllowed(quiz: TrainingQuiz | null, score: number | null): boolean {
  return !quiz?.certificateNeedsPass || passedOf(quiz, score) === true;
}
