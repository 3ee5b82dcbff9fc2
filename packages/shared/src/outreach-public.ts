import { z } from 'zod';
import { ARTICLE_CATEGORIES, type ArticleCategory } from './outreach.js';

/**
 * 宣传培训, second part (docs/outreach.md): the optional short quiz of a training session, and subscriptions of the
 * public without an account (double opt-in, a stop link in every message) — request and response schemas, labels.
 */
type Msg = { zh: string; en: string };

// ---------------------------------------------------------------------------------------------------------------
// The quiz of a training session

export const quizQuestion = z.strictObject({
  text: z.string().trim().min(1).max(500),
  options: z.array(z.string().trim().min(1).max(200)).min(2).max(6),
  /** the index of the right option */
  answer: z.number().int().min(0).max(5),
});
export const trainingQuiz = z
  .strictObject({
    questions: z.array(quizQuestion).min(1).max(20),
    /** the pass mark in percent (null: a quiz without a pass mark) */
    passMark: z.number().int().min(1).max(100).nullable().default(null),
    /** the certificate is given only to those who passed (needs a pass mark) */
    certificateNeedsPass: z.boolean().default(false),
  })
  .refine((q) => q.questions.every((x) => x.answer < x.options.length), { path: ['questions'], message: 'answer', params: { zh: '正确答案须是其中一个选项', en: 'each right answer must be one of its options' } })
  .refine((q) => !q.certificateNeedsPass || q.passMark !== null, { path: ['passMark'], message: 'passMark', params: { zh: '要求及格才发证书时须设及格分', en: 'is needed when the certificate requires a pass' } });
export type TrainingQuiz = z.infer<typeof trainingQuiz>;
/** Sets (or, with `quiz: null`, removes) a session's quiz. */
export const trainingQuizSet = z.strictObject({ quiz: trainingQuiz.nullable() });

/** What a participant sees: the questions without their answers, and their own result. */
export const quizForParticipant = z.object({
  trainingId: z.number().int(),
  title: z.string(),
  questions: z.array(z.object({ text: z.string(), options: z.array(z.string()) })),
  passMark: z.number().int().nullable(),
  certificateNeedsPass: z.boolean(),
  /** the organiser's view also carries the answers */
  answers: z.array(z.number().int()).nullable(),
  mine: z.object({ score: z.number().int().nullable(), attempts: z.number().int(), passed: z.boolean().nullable() }).nullable(),
});
export type QuizForParticipant = z.infer<typeof quizForParticipant>;
export const quizAnswers = z.strictObject({ answers: z.array(z.number().int().min(0).max(5)).min(1).max(20) });
export const quizResult = z.object({ score: z.number().int(), correct: z.number().int(), total: z.number().int(), best: z.number().int(), passed: z.boolean().nullable() });
export type QuizResult = z.infer<typeof quizResult>;

// ---------------------------------------------------------------------------------------------------------------
// Subscriptions of the public (no account)

/** The article categories, and new versions of the model texts (示范文本). */
export const PUBLIC_TOPICS = [...ARTICLE_CATEGORIES, 'model_texts'] as const;
export type PublicTopic = ArticleCategory | 'model_texts';
export const PUBLIC_TOPIC_LABELS: Record<PublicTopic, Msg> = {
  news: { zh: '工作动态', en: 'News' },
  case: { zh: '以案说法', en: 'Cases explained' },
  policy: { zh: '政策解读', en: 'Policy interpretation' },
  exposure: { zh: '公示曝光', en: 'Public exposure' },
  guide: { zh: '工作指南', en: 'Guidance' },
  model_texts: { zh: '示范文本更新', en: 'Model texts (new versions)' },
};
export const PUBLIC_CHANNELS = ['email', 'sms'] as const;

export const publicSubscribe = z
  .strictObject({
    channel: z.enum(PUBLIC_CHANNELS).default('email'),
    address: z.string().trim().min(3).max(254),
    topics: z.array(z.enum(PUBLIC_TOPICS)).min(1).max(PUBLIC_TOPICS.length),
    regionCode: z.string().regex(/^\d{6}$/).optional(),
  })
  .superRefine((v, c) => {
    const ok = v.channel === 'email' ? z.email().safeParse(v.address).success : /^1\d{10}$/.test(v.address);
    if (!ok) c.addIssue({ code: 'custom', path: ['address'], message: 'address', params: v.channel === 'email' ? { zh: '不是有效的电子邮箱地址', en: 'is not a valid e-mail address' } : { zh: '不是有效的手机号码', en: 'is not a valid mobile number' } });
  });
export type PublicSubscribe = z.infer<typeof publicSubscribe>;
export const publicSubscriptionToken = z.strictObject({ token: z.string().trim().min(16).max(64) });
export const publicSubscriptionState = z.object({
  state: z.enum(['confirmed', 'stopped']),
  topics: z.array(z.enum(PUBLIC_TOPICS)),
});
