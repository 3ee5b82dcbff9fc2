import { z } from 'zod';
import { id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';

/**
 * 宣传培训 (docs/outreach.md): trainings with enrolment, QR check-in and hours; publicity events; articles published on
 * the engine's `outreach.article` path; subscriptions; the year's counts. Every request and response schema of the
 * module, and the labels both sides show.
 */
type Msg = { zh: string; en: string };
const day = z.iso.date();
const url = z.url({ protocol: /^https?$/ }).max(500);

export const TRAINING_AUDIENCES = ['officers', 'enterprises', 'all'] as const;
export type TrainingAudience = (typeof TRAINING_AUDIENCES)[number];
export const TRAINING_AUDIENCE_LABELS: Record<TrainingAudience, Msg> = {
  officers: { zh: '执法人员（含协同部门）', en: 'Enforcement staff (and partner agencies)' },
  enterprises: { zh: '企业', en: 'Enterprises' },
  all: { zh: '执法人员与企业', en: 'Staff and enterprises' },
};
export const TRAINING_STATES = ['planned', 'held', 'cancelled'] as const;
export const TRAINING_STATE_LABELS: Record<(typeof TRAINING_STATES)[number], Msg> = {
  planned: { zh: '计划中', en: 'Planned' },
  held: { zh: '已举办', en: 'Held' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** The seed's activities (服务月, 宣传周, 进社区/园区/企业, 政企互动, new media). */
export const EVENT_KINDS = ['service_month', 'competition_week', 'ip_week', 'community', 'park', 'enterprise', 'interaction', 'live', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<EventKind, Msg> = {
  service_month: { zh: '商业秘密保护能力提升服务月', en: 'Trade-secret protection service month' },
  competition_week: { zh: '公平竞争审查宣传周', en: 'Fair-competition review week' },
  ip_week: { zh: '知识产权宣传周', en: 'IP publicity week' },
  community: { zh: '进社区', en: 'In the community' },
  park: { zh: '进园区', en: 'In the parks' },
  enterprise: { zh: '进企业', en: 'In the enterprises' },
  interaction: { zh: '政企互动', en: 'Government–enterprise dialogue' },
  live: { zh: '直播、短视频等新媒体', en: 'Live stream and new media' },
  other: { zh: '其他', en: 'Other' },
};
export const EVENT_STATES = ['planned', 'done', 'cancelled'] as const;
export const EVENT_STATE_LABELS: Record<(typeof EVENT_STATES)[number], Msg> = {
  planned: { zh: '计划中', en: 'Planned' },
  done: { zh: '已完成', en: 'Done' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const ARTICLE_CATEGORIES = ['news', 'case', 'policy', 'exposure', 'guide'] as const;
export type ArticleCategory = (typeof ARTICLE_CATEGORIES)[number];
export const ARTICLE_CATEGORY_LABELS: Record<ArticleCategory, Msg> = {
  news: { zh: '工作动态', en: 'News' },
  case: { zh: '以案说法', en: 'Cases explained' },
  policy: { zh: '政策解读', en: 'Policy interpretation' },
  exposure: { zh: '公示曝光', en: 'Public exposure' },
  guide: { zh: '工作指南', en: 'Guidance' },
};
/** The engine's `outreach.article` states, copied on the article for lists. */
export const ARTICLE_STATES = ['draft', 'review', 'returned', 'published', 'withdrawn'] as const;
export type ArticleState = (typeof ARTICLE_STATES)[number];
export const ARTICLE_STATE_LABELS: Record<ArticleState, Msg> = {
  draft: { zh: '草稿', en: 'Draft' },
  review: { zh: '待审核', en: 'Awaiting review' },
  returned: { zh: '已退回', en: 'Returned' },
  published: { zh: '已发布', en: 'Published' },
  withdrawn: { zh: '已撤下', en: 'Withdrawn' },
};
export const ARTICLE_STEPS = ['submit', 'return', 'publish', 'withdraw'] as const;
export type ArticleStep = (typeof ARTICLE_STEPS)[number];

export const SUBSCRIPTION_TOPICS = ['articles', 'events', 'trainings'] as const;
export const SUBSCRIPTION_TOPIC_LABELS: Record<(typeof SUBSCRIPTION_TOPICS)[number], Msg> = {
  articles: { zh: '新发布的资讯与指南', en: 'New articles and guidance' },
  events: { zh: '宣传活动', en: 'Publicity events' },
  trainings: { zh: '培训', en: 'Trainings' },
};

/** Limits of uploads shown in articles and events (checked on the sniffed type, not the name). */
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** Field names as users read them (validation messages name the field); merged into FIELD_LABELS. */
export const OUTREACH_FIELD_LABELS: Record<string, Msg> = {
  // a model text's new version (model-documents, published by the city)
  version: { zh: '版本号', en: 'Version' },
  basedOn: { zh: '所依据的版本', en: 'Based on version' },
  sections: { zh: '正文', en: 'Text' },
  // the expert pool
  affiliation: { zh: '单位及职务', en: 'Affiliation' },
  fields: { zh: '专业领域', en: 'Fields' },
  availability: { zh: '可用状态', en: 'Availability' },
  purpose: { zh: '用途', en: 'Purpose' },
  usedOn: { zh: '使用日期', en: 'Date used' },
  audience: { zh: '培训对象', en: 'Audience' },
  heldOn: { zh: '日期', en: 'Date' },
  endsOn: { zh: '结束日期', en: 'End date' },
  startTime: { zh: '开始时间', en: 'Start time' },
  hours: { zh: '学时', en: 'Hours' },
  place: { zh: '地点', en: 'Place' },
  onlineUrl: { zh: '线上链接', en: 'Online link' },
  capacity: { zh: '名额', en: 'Capacity' },
  materialFileIds: { zh: '培训材料', en: 'Materials' },
  userIds: { zh: '报名人员', en: 'Participants' },
  token: { zh: '签到码', en: 'Check-in code' },
  participants: { zh: '参与人数', en: 'Participants' },
  reach: { zh: '覆盖/浏览量', en: 'Reach (views)' },
  links: { zh: '新媒体链接', en: 'New-media links' },
  photoFileIds: { zh: '活动照片', en: 'Photos' },
  result: { zh: '活动成效', en: 'Results' },
  category: { zh: '栏目', en: 'Category' },
  summary: { zh: '摘要', en: 'Summary' },
  body: { zh: '正文', en: 'Body' },
  tags: { zh: '标签', en: 'Tags' },
  imageFileIds: { zh: '图片', en: 'Images' },
  attachmentFileIds: { zh: '附件', en: 'Attachments' },
  publishAt: { zh: '发布时间', en: 'Publish at' },
  topics: { zh: '订阅主题', en: 'Topics' },
  // the quiz and the public's subscriptions (outreach-public.ts)
  questions: { zh: '题目', en: 'Questions' },
  passMark: { zh: '及格分', en: 'Pass mark' },
  answers: { zh: '作答', en: 'Answers' },
  address: { zh: '邮箱或手机号', en: 'E-mail or mobile' },
  channel: { zh: '接收方式', en: 'Channel' },
};

const fileIds = z.array(idValue).max(20).default([]);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

// ---------------------------------------------------------------------------------------------------------------
// Trainings

const trainingFields = {
  title: text(200),
  audience: z.enum(TRAINING_AUDIENCES),
  heldOn: day,
  startTime: hhmm,
  /** credited hours, in half hours */
  hours: z.number().positive().max(24).multipleOf(0.5),
  place: optionalText(200),
  onlineUrl: url.optional().nullable(),
  capacity: z.number().int().min(1).max(10000),
  description: optionalText(4000),
  materialFileIds: fileIds,
};
export const outreachTrainingCreate = z.strictObject(trainingFields);
export type OutreachTrainingCreate = z.infer<typeof outreachTrainingCreate>;
export const outreachTrainingUpdate = z.strictObject(trainingFields).partial();
export type OutreachTrainingUpdate = z.infer<typeof outreachTrainingUpdate>;

export const outreachTraining = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  title: z.string(),
  audience: z.enum(TRAINING_AUDIENCES),
  heldOn: z.string(),
  startTime: z.string(),
  hours: z.number(),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  capacity: z.number().int(),
  enrolled: z.number().int(),
  description: z.string().nullable(),
  state: z.enum(TRAINING_STATES),
  materials: z.array(z.object({ id: z.number().int(), name: z.string() })),
  /** the check-in link's path (organisers only): `/checkin/<token>` */
  checkinPath: z.string().nullable(),
  /** the caller's own enrolment, if any */
  mine: z.object({ id: z.number().int(), checkedInAt: z.string().nullable(), hours: z.number(), quizScore: z.number().int().nullable() }).nullable(),
  mayManage: z.boolean(),
  /** the session has a short quiz (outreach-public.ts) */
  hasQuiz: z.boolean(),
});
export type OutreachTraining = z.infer<typeof outreachTraining>;

export const trainingListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  audience: z.enum(TRAINING_AUDIENCES).optional(),
  state: z.enum(TRAINING_STATES).optional(),
  from: day.optional(),
  to: day.optional(),
  /** open: trainings the caller may enrol in (upcoming, for their audience), whoever organised them */
  view: z.enum(['organised', 'open', 'mine']).default('organised'),
});
export const trainingListPageQuery = trainingListQuery.extend(pageQuery.shape);
export type TrainingListQuery = z.infer<typeof trainingListPageQuery>;
export const trainingPage = pageOf(outreachTraining);

export const enrolmentsAdd = z.strictObject({ userIds: z.array(idValue).min(1).max(500) });
export const enrolment = z.object({
  id: z.number().int(),
  trainingId: z.number().int(),
  userId: z.number().int(),
  userName: z.string(),
  orgName: z.string(),
  enrolledAt: z.string(),
  checkedInAt: z.string().nullable(),
  hours: z.number(),
  certificateNo: z.string().nullable(),
  quizScore: z.number().int().nullable(),
});
export type Enrolment = z.infer<typeof enrolment>;
export const enrolmentList = z.array(enrolment);
export const enrolmentParams = z.object({ id, enrolmentId: id });

export const checkinBody = z.strictObject({ token: z.string().trim().min(8).max(64) });
export const checkinResult = z.object({ trainingId: z.number().int(), title: z.string(), checkedInAt: z.string(), hours: z.number() });
export const checkinTokenParams = z.object({ token: z.string().min(8).max(64) });
export const checkinInfo = z.object({ trainingId: z.number().int(), title: z.string(), heldOn: z.string(), startTime: z.string(), place: z.string().nullable(), orgName: z.string() });

export const hoursQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
export const personHours = z.object({
  userId: z.number().int(),
  userName: z.string(),
  orgName: z.string(),
  sessions: z.number().int(),
  hours: z.number(),
});
export const personHoursList = z.array(personHours);
export const myTraining = z.object({
  year: z.number().int(),
  hours: z.number(),
  goalHours: z.number(),
  sessions: z.array(z.object({ enrolmentId: z.number().int(), trainingId: z.number().int(), title: z.string(), heldOn: z.string(), orgName: z.string(), checkedInAt: z.string().nullable(), hours: z.number(), certificateNo: z.string().nullable() })),
});
export type MyTraining = z.infer<typeof myTraining>;

// ---------------------------------------------------------------------------------------------------------------
// Events

const eventFields = {
  kind: z.enum(EVENT_KINDS),
  title: text(200),
  heldOn: day,
  endsOn: day.optional().nullable(),
  place: optionalText(200),
  audience: optionalText(200),
  districtCode: z.string().regex(/^\d{6}$/).optional().nullable(),
};
export const eventCreate = z.strictObject(eventFields);
export type EventCreate = z.infer<typeof eventCreate>;
export const eventUpdate = z.strictObject(eventFields).partial();
export const eventResult = z.strictObject({
  participants: z.number().int().min(0).max(100_000_000),
  reach: z.number().int().min(0).max(1_000_000_000).optional().nullable(),
  links: z.array(url).max(20).default([]),
  photoFileIds: fileIds,
  result: text(4000),
});
export type EventResult = z.infer<typeof eventResult>;
export const outreachEvent = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  districtCode: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  kind: z.enum(EVENT_KINDS),
  title: z.string(),
  heldOn: z.string(),
  endsOn: z.string().nullable(),
  place: z.string().nullable(),
  audience: z.string().nullable(),
  state: z.enum(EVENT_STATES),
  participants: z.number().int().nullable(),
  reach: z.number().int().nullable(),
  links: z.array(z.string()),
  photoFileIds: z.array(z.number().int()),
  result: z.string().nullable(),
});
export type OutreachEvent = z.infer<typeof outreachEvent>;
export const eventListQuery = z.strictObject({
  kind: z.enum(EVENT_KINDS).optional(),
  state: z.enum(EVENT_STATES).optional(),
  from: day.optional(),
  to: day.optional(),
});
export const eventListPageQuery = eventListQuery.extend(pageQuery.shape);
export type EventListQuery = z.infer<typeof eventListPageQuery>;
export const eventPage = pageOf(outreachEvent);

// ---------------------------------------------------------------------------------------------------------------
// Articles

const articleFields = {
  category: z.enum(ARTICLE_CATEGORIES),
  title: text(200),
  summary: optionalText(500),
  /** rich text (HTML); the server keeps only what its allow-list permits (no script, no event handlers) */
  body: z.string().min(1).max(200_000),
  tags: z.array(text(20)).max(10).default([]),
  imageFileIds: fileIds,
  attachmentFileIds: fileIds,
};
export const articleCreate = z.strictObject(articleFields);
export type ArticleCreate = z.infer<typeof articleCreate>;
export const articleUpdate = z.strictObject(articleFields).partial();
export type ArticleUpdate = z.infer<typeof articleUpdate>;
export const articleStep = z.strictObject({
  comment: optionalText(1000),
  /** publish: when the article becomes visible (absent or past: at once) */
  publishAt: z.iso.datetime({ offset: true }).optional().nullable(),
  version: z.number().int().min(0).optional(),
});
export type ArticleStepInput = z.infer<typeof articleStep>;
export const articleStepParams = z.object({ id, step: z.enum(ARTICLE_STEPS) });

const fileRef = z.object({ id: z.number().int(), name: z.string() });
export const article = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  category: z.enum(ARTICLE_CATEGORIES),
  title: z.string(),
  summary: z.string().nullable(),
  body: z.string(),
  tags: z.array(z.string()),
  images: z.array(fileRef),
  attachments: z.array(fileRef),
  state: z.enum(ARTICLE_STATES),
  publishAt: z.string().nullable(),
  announcedAt: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
  allowed: z.array(z.enum([...ARTICLE_STEPS, 'edit'])),
  history: z.array(z.object({ id: z.number().int(), at: z.string(), userName: z.string().nullable(), orgName: z.string().nullable(), action: z.string(), comment: z.string().nullable() })),
});
export type Article = z.infer<typeof article>;
export const articleRow = article.omit({ body: true, history: true, allowed: true, images: true, attachments: true, version: true });
export const articleListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  category: z.enum(ARTICLE_CATEGORIES).optional(),
  state: z.enum(ARTICLE_STATES).optional(),
});
export const articleListPageQuery = articleListQuery.extend(pageQuery.shape);
export type ArticleListQuery = z.infer<typeof articleListPageQuery>;
export const articlePage = pageOf(articleRow);

// ---------------------------------------------------------------------------------------------------------------
// The public portal

export const publicArticleSummary = z.object({
  id: z.number().int(),
  category: z.enum(ARTICLE_CATEGORIES),
  title: z.string(),
  summary: z.string().nullable(),
  publishedAt: z.string(),
  orgName: z.string(),
});
export const publicArticle = publicArticleSummary.extend({
  body: z.string(),
  tags: z.array(z.string()),
  attachments: z.array(fileRef),
});
export type PublicArticle = z.infer<typeof publicArticle>;
export const publicEvent = z.object({ id: z.number().int(), kind: z.enum(EVENT_KINDS), title: z.string(), heldOn: z.string(), endsOn: z.string().nullable(), place: z.string().nullable(), orgName: z.string() });
export const publicHome = z.object({
  news: z.array(publicArticleSummary),
  cases: z.array(publicArticleSummary),
  guides: z.array(publicArticleSummary),
  events: z.array(publicEvent),
});
export type PublicHome = z.infer<typeof publicHome>;
export const publicRegionQuery = z.strictObject({ regionCode: z.string().regex(/^\d{6}$/).optional() });
export const publicArticleListQuery = z.strictObject({ regionCode: z.string().regex(/^\d{6}$/).optional(), category: z.enum(ARTICLE_CATEGORIES).optional() }).extend(pageQuery.shape);
export const publicArticlePage = pageOf(publicArticleSummary);
export const publicArticleParams = z.object({ id });
export const publicFileParams = z.object({ id, fileId: id });

// ---------------------------------------------------------------------------------------------------------------
// Subscriptions and the year's counts

export const subscriptions = z.object({ topics: z.array(z.object({ topic: z.enum(SUBSCRIPTION_TOPICS), districtCode: z.string().nullable() })) });
export const subscriptionsSet = z.strictObject({
  topics: z.array(z.strictObject({ topic: z.enum(SUBSCRIPTION_TOPICS), districtCode: z.string().regex(/^\d{6}$/).optional().nullable() })).max(3),
});
export type SubscriptionsSet = z.infer<typeof subscriptionsSet>;

export const countsQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
/** One organiser's held activities in a year: what the service ledger (issue 15) counts per site or provider. */
export const organiserCounts = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  /** the organiser's district (null: a city-level or region-wide organisation) */
  districtCode: z.string().nullable(),
  trainings: z.number().int(),
  trainingParticipants: z.number().int(),
  trainingHours: z.number(),
  events: z.number().int(),
  eventParticipants: z.number().int(),
  reach: z.number().int(),
  articles: z.number().int(),
});
export type OrganiserCounts = z.infer<typeof organiserCounts>;
const yearFigures = { trainings: z.number().int(), participants: z.number().int(), hours: z.number(), events: z.number().int(), reach: z.number().int(), articles: z.number().int() };
export const yearCounts = z.object({
  year: z.number().int(),
  byOrganiser: z.array(organiserCounts),
  byMonth: z.array(z.object({ month: z.number().int(), ...yearFigures })),
  /** per the organiser's district (null: city level), for the dashboard's charts */
  byDistrict: z.array(z.object({ districtCode: z.string().nullable(), ...yearFigures })),
});
export type YearCounts = z.infer<typeof yearCounts>;

/**
 * config/outreach/training-goal.yaml: the yearly training goal per person, in hours, with its basis (docs/outreach.md
 * § Goal). `sourceRead` says whether the basis cites a text the project has read (false: a pilot default, said so).
 */
export const trainingGoalFile = z.strictObject({
  effectiveFrom: day,
  hoursPerYear: z.number().int().min(1).max(500),
  basis: z.strictObject({ zh: z.string().trim().min(1), en: z.string().trim().min(1) }),
  sourceRead: z.boolean(),
});
export type TrainingGoalFile = z.infer<typeof trainingGoalFile>;
