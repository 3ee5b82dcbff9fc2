export default {
  modelDocs: {
    menu: '示范文本库',
    link: '示范文本库',
    title: '商业秘密保护示范文本库',
    subtitle: '诊断体检整改建议中引用的制度、协议和台账示范文本，可在线阅读或下载 Word 文件，结合本企业实际修改后使用。',
    read: '阅读全文',
    downloadWord: '下载 Word',
    version: '版本 {version}（{date}）',
    versionLabel: '版本',
    purpose: '用途',
    legalBasis: '依据',
    notFound: '没有找到这份示范文本',
    backToList: '返回示范文本库',
    backToApp: '返回工作台',
    loadFailed: '示范文本加载失败，请稍后重试',
    chineseBody: '正文为中文，与实际使用的文本一致。',
  },
};
