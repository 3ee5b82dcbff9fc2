/**
 * Chinese is the platform's first language: one file per domain (the pages/<domain>/ it serves), merged here. Each
 * en-US/<domain>.ts is typed as its Chinese twin, so a missing or extra key is a compile error.
 * Placeholders are written `{name}` and filled by `t(key, { name })`.
 */
import common from './common';
import auth from './auth';
import home from './home';
import profile from './profile';
import orgs from './orgs';
import users from './users';
import roles from './roles';
import logs from './logs';
import dicts from './dicts';
import enterprises from './enterprises';
import cultivation from './cultivation';
import sites from './sites';
import assessments from './assessments';
import modelDocuments from './model-documents';
import proofs from './proofs';
import cases from './cases';
import inbox from './inbox';
import credit from './credit';
import listening from './listening';
import protection from './protection';
import regions from './regions';
import referrals from './referrals';
import readiness from './readiness';
import outreach from './outreach';
import services from './services';
import consult from './consult';
import steering from './steering';
import taskforce from './taskforce';
import funding from './funding';
import systems from './systems';
import appraisal from './appraisal';

const zhCN = {
  ...common,
  ...auth,
  ...home,
  ...profile,
  ...orgs,
  ...users,
  ...roles,
  ...logs,
  ...dicts,
  ...enterprises,
  ...cultivation,
  ...sites,
  ...assessments,
  ...modelDocuments,
  ...proofs,
  ...cases,
  ...inbox,
  ...credit,
  ...listening,
  ...protection,
  ...regions,
  ...referrals,
  ...readiness,
  ...outreach,
  ...services,
  ...consult,
  ...steering,
  ...taskforce,
  ...funding,
  ...systems,
  ...appraisal,
};

export type Messages = typeof zhCN;
export default zhCN;
