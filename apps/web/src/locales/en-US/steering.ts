import type zh from '../zh-CN/steering';

const en: typeof zh = {
  steering: {
    menuGroup: 'Steering',
    menuCockpit: 'Leadership picture',
    cityView: 'Whole city',
    year: 'Year',
    district: 'District',
    fullscreen: 'Full screen',
    exitFullscreen: 'Exit full screen',
    reportDocx: 'Annual report (Word)',
    reportXlsx: 'Data tables (Excel)',
    targets: 'The pilot’s targets',
    indicator: 'Indicator',
    target: 'Target',
    done: 'Done',
    expected: 'Expected by today',
    projected: 'Projected year end',
    status: 'Status',
    gap: 'Short / still to add',
    shortfall: '{n} short',
    mustAdd: '{n} to add',
    others: 'Other work indicators',
    map: 'By district',
    mapLabel: 'Map of an indicator by district',
    ranking: 'District ranking',
    trend: 'Monthly trend',
    pickIndicator: 'Indicator',
    computedAt: 'Figures of {at} (at most a minute old)',
    noLink: 'No list for this indicator',
  },
};
export default en;
