import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { publicSitesApi } from '../api/sites';

export type RegionGeo = Awaited<ReturnType<typeof publicSitesApi.regionMap>>;

/** A region's map file (config/maps, GET /api/regions/:code/map), read once per region. */
export function useRegionMap(regionCode: string) {
  return useQuery({ queryKey: ['regionMap', regionCode], queryFn: ({ signal }) => publicSitesApi.regionMap(regionCode, signal), staleTime: Infinity, retry: false });
}

/**
 * An ECharts chart over a region's map, shared by the sites map and the cockpit's district map: the map registered under
 * `mapName` once its file arrived, the chart made then and resized with its box, `option` (memoised by the caller)
 * applied whenever it changes, and a click on an item handed to `onPick` with the item's data. Render the returned ref.
 */
export function useMapChart<D>(geo: RegionGeo | undefined, mapName: string, option: EChartsCoreOption | null, onPick?: (data: D) => void) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  });
  useEffect(() => {
    if (!ref.current || !geo) return;
    echarts.registerMap(mapName, geo as never);
    const c = echarts.init(ref.current);
    chart.current = c;
    c.on('click', (e) => {
      if (e.data) pick.current?.(e.data as D);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [geo, mapName]);
  useEffect(() => {
    if (option) chart.current?.setOption(option, true);
  }, [option]);
  return ref;
}
