import { useMemo } from 'react';
import { Empty, Spin } from 'antd';
import * as echarts from 'echarts/core';
import { MapChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { LabelLayout } from 'echarts/features';
import type { EChartsCoreOption } from 'echarts/core';
import { SITE_KINDS, type SiteMapPoint } from '@shangmi/shared';
import { useT } from '../../lib/i18n';
import { useRegionOptions } from '../useRegionOptions';
import { useMapChart, useRegionMap } from '../useRegionMapChart';
import { KIND_ACCENTS, KIND_SYMBOLS, STATUS_ACCENTS, useSiteLabels } from './labels';

echarts.use([MapChart, ScatterChart, GeoComponent, LegendComponent, TooltipComponent, CanvasRenderer, LabelLayout]);

/**
 * The region's districts (from config/maps, served by GET /api/regions/:code/map) with the sites as points: the shape
 * says the kind, the fill the status. `highlight` shades districts (a district officer's own).
 */
export function SiteMap({
  regionCode,
  points,
  height = 460,
  highlight,
  onPick,
}: {
  regionCode: string;
  points: SiteMapPoint[];
  height?: number;
  highlight?: string | null;
  onPick?: (id: number) => void;
}) {
  const t = useT();
  const l = useSiteLabels();
  const regions = useRegionOptions();
  const geo = useRegionMap(regionCode);
  const mapName = `region-${regionCode}`;

  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!geo.data) return null;
    // the map file's district names (Chinese) shown in the page's language, by district code (the features' id)
    const nameMap: Record<string, string> = Object.fromEntries(
      geo.data.features.map((f) => [f.properties.name, regions.districtLabel(String(f.id)) || f.properties.name]),
    );
    const labelled = geo.data.features.filter((f) => f.properties.cp);
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesType: string; name: string; data?: { status?: string; kindLabel?: string; statusLabel?: string } }) =>
          p.seriesType === 'scatter' && p.data ? `${p.name}<br/>${p.data.kindLabel} · ${p.data.statusLabel}` : p.name,
      },
      legend: { bottom: 0, data: SITE_KINDS.map((k) => l.kind(k)) },
      geo: {
        map: mapName,
        nameMap,
        roam: true,
        // district names come from the label series below, which hides the ones that would overlap (small central districts)
        label: { show: !labelled.length },
        itemStyle: { areaColor: '#f0f5ff', borderColor: '#8c8c8c' },
        emphasis: { itemStyle: { areaColor: '#d6e4ff' }, label: { color: '#262626' } },
        regions: highlight ? [{ name: nameMap[geo.data.features.find((f) => f.id === highlight)?.properties.name ?? ''] ?? '', itemStyle: { areaColor: '#d6e4ff' } }] : [],
        // top and bottom only: with all four edges ECharts stretches the map out of its proportions
        top: 8,
        bottom: 36,
      },
      series: [
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          name: 'districtLabels',
          silent: true,
          symbolSize: 0,
          z: 1,
          label: { show: true, formatter: '{b}', color: '#8c8c8c', fontSize: 11 },
          labelLayout: { hideOverlap: true },
          data: labelled.map((f) => ({ name: nameMap[f.properties.name] ?? f.properties.name, value: f.properties.cp })),
        },
        ...SITE_KINDS.map((k) => ({
          type: 'scatter',
          coordinateSystem: 'geo',
          name: l.kind(k),
          symbol: KIND_SYMBOLS[k],
          symbolSize: k === 'base' ? 22 : k === 'station' ? 14 : 10,
          itemStyle: { color: KIND_ACCENTS[k], borderColor: '#fff', borderWidth: 1 },
          data: points
            .filter((p) => p.kind === k)
            .map((p) => ({
              id: p.id,
              name: p.name,
              value: [p.lng, p.lat],
              status: p.status,
              kindLabel: l.kind(p.kind),
              statusLabel: l.status(p.status),
              itemStyle: { color: KIND_ACCENTS[k], borderColor: STATUS_ACCENTS[p.status], borderWidth: 3 },
            })),
        })),
      ],
    };
  }, [geo.data, points, highlight, l, mapName, regions]);

  const ref = useMapChart<{ id?: number }>(geo.data, mapName, option, (d) => {
    if (d.id) onPick?.(d.id);
  });

  if (geo.isPending) return <Spin style={{ display: 'block', margin: '40px auto' }} />;
  if (geo.error) return <Empty description={t('sites.noMap')} />;
  return <div ref={ref} style={{ height, width: '100%' }} role="img" aria-label={t('sites.mapLabel')} data-testid="site-map" />;
}
