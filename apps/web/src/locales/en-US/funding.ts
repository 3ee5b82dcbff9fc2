import type zh from '../zh-CN/funding';

const en: typeof zh = {
  funding: {
    title: 'Funding',
    year: 'Year',
    execution: 'Execution by district',
    lines: 'Budget lines',
    addLine: 'Add a budget line',
    level: 'Level',
    district: 'District',
    park: 'Park',
    category: 'Category',
    source: 'Source',
    line: 'Line',
    amount: 'Budget (yuan)',
    spent: 'Spent (yuan)',
    remaining: 'Left (yuan)',
    rate: 'Execution rate',
    lineCount: 'Lines',
    note: 'Note',
    spendings: 'Spending',
    addSpending: 'Record a spending',
    spentOn: 'Date',
    spendAmount: 'Amount (yuan)',
    description: 'Purpose',
    payee: 'Payee',
    contract: 'Purchased-service contract',
    total: 'Total',
  },
};
export default en;
