import type zh from '../zh-CN/model-documents';

const en: typeof zh = {
  modelDocs: {
    menu: 'Model documents',
    link: 'Model documents',
    title: 'Model documents for trade-secret protection',
    subtitle: 'The rules, agreements and registers the health check recommends, to read here or download as Word files and adapt to your enterprise.',
    read: 'Read',
    downloadWord: 'Download Word',
    version: 'Version {version} ({date})',
    versionLabel: 'Version',
    purpose: 'Purpose',
    legalBasis: 'Legal basis',
    notFound: 'No such model document',
    backToList: 'Back to the model documents',
    backToApp: 'Back to the workspace',
    loadFailed: 'The model documents could not be loaded; try again later',
    chineseBody: 'The text of the document is in Chinese, as it is used.',
  },
};
export default en;
