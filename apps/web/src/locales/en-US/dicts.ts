import type zh from '../zh-CN/dicts';

const en: typeof zh = {
  dicts: {
    title: 'Dictionaries',
    types: 'Dictionary types',
    addType: 'New type',
    addTypeTitle: 'New dictionary type',
    typeCode: 'Type code',
    typeCodeFormat: '2–50 characters: starts with a lower-case letter; lower-case letters, digits and underscores',
    typeNameZh: 'Chinese name',
    typeNameEn: 'English name',
    system: 'System',
    items: 'Items',
    addItem: 'New item',
    addItemTitle: 'New item ({type})',
    editItemTitle: 'Edit item',
    value: 'Value',
    valueFormat: 'Letters, digits and _ . - only',
    labelZh: 'Chinese label',
    labelEn: 'English label',
    parentValue: 'Parent value',
    sort: 'Order',
    enabled: 'Enabled',
    selectType: 'Select a dictionary type on the left',
    version: 'Version {version}',
    systemItemHint: 'System items cannot be deleted; disable them instead',
  },
};
export default en;
