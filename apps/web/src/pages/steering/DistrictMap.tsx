import { useMemo } from 'react';
import { Empty, Spin } from 'antd';
import * as echarts from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { useT } from '../../lib/i18n';
import { useRegionOptions } from '../../components/useRegionOptions';
import { useMapChart, useRegionMap } from '../../components/useRegionMapChart';

echarts.use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/**
 * The region's districts (config/maps, the sites dashboard's map file) filled by one indicator's value per district; a
 * click on a district opens the list it counts (`onPick`).
 */
export function DistrictMap({ regionCode, values, unit, height = 420, onPick }: { regionCode: string; values: { districtCode: string; value: number | null }[]; unit: string; height?: number; onPick?: (districtCode: string) => void }) {
  const t = useT();
  const regions = useRegionOptions();
  const geo = useRegionMap(regionCode);
  const mapName = `steering-${regionCode}`;
  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!geo.data) return null;
    const byName = geo.data.features.map((f) => ({ code: String(f.id), name: f.properties.name }));
    const nameMap = Object.fromEntries(byName.map((f) => [f.name, regions.districtLabel(f.code) || f.name]));
    const data = byName.map((f) => ({ name: nameMap[f.name], code: f.code, value: values.find((v) => v.districtCode === f.code)?.value ?? 0 }));
    const max = Math.max(1, ...data.map((d) => d.value));
    return {
      tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}: ${Number.isFinite(p.value) ? Math.round(p.value * 100) / 100 : 0} ${unit}` },
      visualMap: { min: 0, max, left: 8, bottom: 8, calculable: true, inRange: { color: ['#e6f4ff', '#1f5fbf'] } },
      series: [{ type: 'map', map: mapName, nameMap, roam: false, label: { show: true, fontSize: 11 }, data, top: 8, bottom: 8 }],
    };
  }, [geo.data, values, unit, mapName, regions]);
  const ref = useMapChart<{ code?: string }>(geo.data, mapName, option, (d) => {
    if (d.code) onPick?.(d.code);
  });
  if (geo.isPending) return <Spin style={{ display: 'block', margin: '40px auto' }} />;
  if (geo.error) return <Empty description={t('sites.noMap')} />;
  return <div ref={ref} style={{ height, width: '100%' }} role="img" aria-label={t('steering.mapLabel')} data-testid="steering-map" />;
}
