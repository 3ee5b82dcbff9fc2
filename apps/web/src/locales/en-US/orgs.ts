import type zh from '../zh-CN/orgs';

const en: typeof zh = {
  orgs: {
    title: 'Organisations',
    searchPlaceholder: 'Search by name',
    searchResults: 'Search results',
    noSelection: 'Select an organisation on the left to see its details',
    name: 'Name',
    shortName: 'Short name',
    kind: 'Kind',
    region: 'Region',
    districtCode: 'District',
    creditCode: 'Unified social credit code',
    contactName: 'Contact',
    contactPhone: 'Contact phone',
    address: 'Address',
    sort: 'Order',
    status: 'Status',
    parent: 'Parent organisation',
    path: 'Path',
    createdAt: 'Created',
    updatedAt: 'Updated',
    addChild: 'Add child',
    editTitle: 'Edit organisation',
    addChildTitle: 'New organisation under {parent}',
    deleteHint: 'Only an organisation without children and without users can be deleted.',
    tree: 'Organisation tree',
  },
};
export default en;
