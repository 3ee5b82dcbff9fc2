import { shanghaiDate } from '@shangmi/shared';
import { current as currentVersion, publish as publishVersion } from '../modules/model-documents/versions.js';
import * as svc from '../modules/outreach/outreach.service.js';
import type { DemoWorld } from './demo-context.js';

/**
 * 宣传培训 for the tour (docs/outreach.md), through the outreach services as the people who would act, on the days they
 * would: a 金凤区 training held three weeks ago that the tour enterprise attended (checked in on the day: hours and a
 * certificate), an upcoming one open for enrolment; a service month done with its results and an event in the parks
 * next week; articles written in 金凤区 and published by the city (a 以案说法, news, the guidance) and one awaiting review;
 * a short quiz on the held training (the enterprise passed it); three experts in the pool with their uses; a second
 * version of a model text published by the city (the first stays readable, the diff shows the change).
 */
export async function seedDemoOutreach(w: DemoWorld, o: { district: string; city: string; enterprise?: string }): Promise<{ trainings: number; events: number; articles: number; experts: number }> {
  // w.daysAgo never goes past now: days ahead are counted from now directly
  const day = (daysAgo: number) => (daysAgo >= 0 ? shanghaiDate(w.daysAgo(daysAgo)) : shanghaiDate(new Date(w.now.getTime() - daysAgo * 86_400_000)));
  const held = await w.act(o.district, 'outreach.training-create', w.daysAgo(30), (ctx) =>
    svc.createTraining(ctx, { title: '商业秘密保护实务培训（第一期）', audience: 'all', heldOn: day(21), startTime: '09:30', hours: 3, place: '金凤区市场监督管理局三楼会议室', capacity: 60, description: '商业秘密的认定、保密措施与侵权证据固定。', materialFileIds: [] }),
  );
  await w.act(o.district, 'outreach.training-create', w.daysAgo(2), (ctx) =>
    svc.createTraining(ctx, { title: '企业保密管理体系建设专题培训', audience: 'enterprises', heldOn: day(-12), startTime: '14:00', hours: 2, place: null, onlineUrl: 'https://live.example.cn/shangmi/2', capacity: 200, description: '线上直播，可回看。', materialFileIds: [] }),
  );
  await w.act(o.district, 'outreach.quiz-set', w.daysAgo(22), (ctx) =>
    svc.setQuiz(ctx, held.id, {
      questions: [
        { text: '商业秘密须同时具备哪些要件？', options: ['只需不为公众所知悉', '不为公众所知悉、具有商业价值、采取了相应保密措施', '已申请专利'], answer: 1 },
        { text: '员工离职时，企业首先应当做什么？', options: ['收回涉密载体并提醒保密义务', '不做处理'], answer: 0 },
        { text: '侵犯商业秘密行为主要由哪部法律规定？', options: ['《反不正当竞争法》', '《广告法》', '《消费者权益保护法》'], answer: 0 },
      ],
      passMark: 60,
      certificateNeedsPass: false,
    }),
  );
  if (o.enterprise) {
    await w.act(o.enterprise, 'outreach.enrol', w.daysAgo(25), (ctx) => svc.enrolSelf(ctx, held.id));
    await w.act(o.enterprise, 'outreach.checkin', w.daysAgo(21, 9), (ctx) => svc.checkIn(ctx, held.checkinToken));
    await w.act(o.enterprise, 'outreach.quiz-answer', w.daysAgo(21, 12), (ctx) => svc.answerQuiz(ctx, held.id, [1, 0, 0]));
  }

  const month = await w.act(o.district, 'outreach.event-create', w.daysAgo(40), (ctx) =>
    svc.createEvent(ctx, { kind: 'service_month', title: '商业秘密保护能力提升服务月', heldOn: day(30), endsOn: day(16), place: '金凤区各园区', audience: '辖区企业', districtCode: '640106' }),
  );
  await w.act(o.district, 'outreach.event-result', w.daysAgo(15), (ctx) =>
    svc.recordResult(ctx, month.id, { participants: 420, reach: 18_600, links: ['https://weibo.com/shangmi-demo'], photoFileIds: [], result: '走访企业 36 家，举办讲座 4 场，发放《商业秘密保护工作指南》1,200 册。' }),
  );
  await w.act(o.district, 'outreach.event-create', w.daysAgo(3), (ctx) =>
    svc.createEvent(ctx, { kind: 'park', title: '商业秘密保护进园区：银川经开区专场', heldOn: day(-7), place: '银川经济技术开发区管委会', audience: '园区企业', districtCode: '640106' }),
  );

  const write = async (daysAgo: number, input: Parameters<typeof svc.createArticle>[1], publish: boolean) => {
    const a = await w.act(o.district, 'outreach.article-create', w.daysAgo(daysAgo, 9), (ctx) => svc.createArticle(ctx, input));
    await w.act(o.district, 'outreach.article-submit', w.daysAgo(daysAgo, 10), (ctx) => svc.articleStep(ctx, a.id, 'submit', {}));
    if (publish) await w.act(o.city, 'outreach.article-publish', w.daysAgo(daysAgo, 15), (ctx) => svc.articleStep(ctx, a.id, 'publish', { comment: '同意发布' }));
  };
  await write(
    20,
    {
      category: 'case',
      title: '以案说法：离职员工带走客户名单，新东家被判共同侵权',
      summary: '客户名单经过整理、具有秘密性并采取了保密措施，可以构成商业秘密。',
      body: '<p><strong>案情</strong>：某贸易公司销售经理离职后，将整理多年的客户名单带到竞争对手处使用。</p><p><strong>处理</strong>：市场监管部门认定构成侵犯商业秘密，责令停止违法行为并处罚款。</p><p><strong>提示</strong>：企业应对客户信息分级管理，签订保密协议并做好离职交接。</p>',
      tags: ['以案说法', '客户名单'],
      imageFileIds: [],
      attachmentFileIds: [],
    },
    true,
  );
  await write(10, { category: 'news', title: '金凤区启动商业秘密保护能力提升服务月', summary: null, body: '<p>服务月期间，金凤区市场监管局将走访辖区重点企业，开展保密体检与培训。</p>', tags: ['服务月'], imageFileIds: [], attachmentFileIds: [] }, true);
  await write(8, { category: 'guide', title: '商业秘密保护工作指南（企业版）', summary: '从识别、管理到维权的十个步骤。', body: '<h3>一、识别商业秘密</h3><p>梳理技术信息与经营信息，建立秘密事项清单。</p><h3>二、采取保密措施</h3><ul><li>签订保密协议</li><li>分级授权访问</li><li>离职交接与提醒</li></ul>', tags: ['指南'], imageFileIds: [], attachmentFileIds: [] }, true);
  await write(1, { category: 'policy', title: '政策解读：商业秘密保护规定要点', summary: null, body: '<p>待审核的解读稿。</p>', tags: [], imageFileIds: [], attachmentFileIds: [] }, false);

  // the expert pool (人才库/专家库), kept by the city; two uses recorded
  const experts = [
    { name: '马建国', kind: 'judge' as const, affiliation: '银川市中级人民法院 知识产权审判庭 审判员', fields: ['商业秘密', '不正当竞争'], availability: 'available' as const },
    { name: '周丽', kind: 'lawyer' as const, affiliation: '宁夏某律师事务所 合伙人', fields: ['商业秘密', '劳动争议', '合规'], availability: 'limited' as const },
    { name: '杨帆', kind: 'appraiser' as const, affiliation: '宁夏某司法鉴定所 鉴定人', fields: ['技术秘密鉴定', '电子数据'], availability: 'available' as const },
  ];
  const made: { id: number }[] = [];
  for (const e of experts) made.push(await w.act(o.city, 'outreach.expert-create', w.daysAgo(60), (ctx) => svc.createExpert(ctx, { ...e, note: null })));
  await w.act(o.district, 'outreach.expert-use', w.daysAgo(21), (ctx) => svc.recordUse(ctx, made[0]!.id, { purpose: 'training', usedOn: day(21), note: '商业秘密保护实务培训（第一期）主讲' }));
  await w.act(o.district, 'outreach.expert-use', w.daysAgo(9), (ctx) => svc.recordUse(ctx, made[2]!.id, { purpose: 'appraisal', usedOn: day(9), note: '一起技术秘密案件的非公知性鉴定咨询' }));

  // a second version of a model text: the visitor notice, now with real-name registration (1.x stays readable)
  const slug = 'visitor-notice';
  await w.act(o.city, 'modelDocuments.publish', w.daysAgo(5), async (ctx) => {
    const now = await currentVersion(ctx, slug);
    const sections = structuredClone(now.sections);
    const block = sections.flatMap((x) => x.blocks).find((b) => b.type === 'clauses');
    if (block?.type === 'clauses') block.items = ['访客应当出示有效身份证件实名登记，并全程佩戴访客证。', ...block.items.slice(1)];
    return publishVersion(ctx, slug, { basedOn: now.version, version: '2.0', date: day(5) > now.date ? day(5) : now.date, note: '访客登记改为实名，并全程佩戴访客证', sections });
  });
  return { trainings: 2, events: 2, articles: 4, experts: experts.length };
}
