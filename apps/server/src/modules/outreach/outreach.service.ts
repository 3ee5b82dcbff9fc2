/**
 * The outreach module's face (docs/outreach.md): what its routes and other modules call. The service ledger (issue 15)
 * reads `activityCounts` — held trainings, done events and published articles per organiser and year.
 */
export { getTraining, listTrainings, createTraining, updateTraining, cancelTraining, enrolSelf, enrolOthers, listEnrolments, checkinInfo, checkIn, myTraining, hoursByPerson, enrolmentFor } from './trainings.js';
export { getEvent, listEvents, createEvent, updateEvent, cancelEvent, recordResult } from './events.js';
export { getArticle, listArticles, createArticle, updateArticle, articleStep, announceDue } from './articles.js';
export { publicHome, publicArticles, publicArticle, publicArticleFile, atomFeed } from './public.js';
export { mySubscriptions, setSubscriptions } from './subscriptions.js';
export { activityCounts, yearCounts } from './counts.js';
export { listExperts, getExpert, createExpert, updateExpert, recordUse } from './experts.js';
export { buildCertificate } from './certificate.docx.js';
export { claimImages, isImage } from './images.js';
export { setQuiz, getQuiz, answerQuiz } from './quiz.js';
export { subscribePublic, confirmPublic, stopPublic, pushToPublic } from './subscribers.js';
