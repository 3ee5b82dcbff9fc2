/**
 * The reports' charts, drawn on the server: ECharts renders the chart to SVG (its server-side mode, no browser), resvg
 * turns the SVG into a PNG, and the Word file carries both (SVG with the PNG as the fallback for readers that do not
 * draw SVG). Chinese text needs a CJK font: the Noto CJK files when installed (fonts-noto-cjk), else the system's fonts
 * (slower: resvg scans them for each chart).
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { ImageRun, Paragraph, AlignmentType } from 'docx';

const FONT = 'Noto Sans CJK SC';
const FONT_FILES = ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc'].filter((f) => existsSync(f));
/** width × height in pixels at 96 dpi (the Word page's text width is ~600 px); the PNG is drawn at twice that */
const W = 600;
const H = 300;

export interface Series {
  name: string;
  data: (number | null)[];
}

function svgOf(option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: W, height: H });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, legend: { top: 4 }, grid: { top: 40, left: 48, right: 16, bottom: 56 }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

function pngOf(svg: string): Buffer {
  const font = FONT_FILES.length ? { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT } : { loadSystemFonts: true, defaultFontFamily: FONT };
  return new Resvg(svg, { font, fitTo: { mode: 'width', value: W * 2 }, background: 'white' }).render().asPng();
}

/** Bars per category (e.g. target and result per indicator, or per district). */
export function barChart(categories: string[], series: Series[]): string {
  return svgOf({
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, width: Math.max(40, W / Math.max(categories.length, 1) - 8), overflow: 'break', fontSize: 10 } },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, label: { show: true, position: 'top', fontSize: 9 } })),
  });
}

/** Lines over months. */
export function lineChart(months: string[], series: Series[]): string {
  return svgOf({
    xAxis: { type: 'category', data: months, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ type: 'line', name: s.name, data: s.data, symbolSize: 4 })),
  });
}

/** A chart as a centred picture in the Word file: the SVG, with its PNG for readers without SVG. */
export function chartParagraph(svg: string, title: string): Paragraph {
  const png = pngOf(svg);
  const transformation = { width: W, height: H };
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new ImageRun({ type: 'svg', data: Buffer.from(svg), fallback: { type: 'png', data: png }, transformation, altText: { name: title, title, description: title } })],
  });
}
