/**
 * The reports' charts, drawn on the server: ECharts draws on a Skia canvas (@napi-rs/canvas; no browser, no install
 * script) and the Word file carries the PNG. Chinese text needs a CJK font: the Noto CJK file when installed
 * (fonts-noto-cjk), registered once per process; without it the labels fall back to the system's fonts.
 * (A first version rendered ECharts' SVG with resvg: ~0.8–1.5 s a chart, as resvg parses the 20 MB font for each.)
 */
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import * as echarts from 'echarts';
import { AlignmentType, ImageRun, Paragraph } from 'docx';

const FONT = 'Noto Sans CJK SC';
const FONT_FILE = ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc'].find((f) => existsSync(f));
let fontReady = false;
/** width × height in pixels at 96 dpi (the Word page's text width is ~600 px); the PNG is drawn at twice that */
const W = 600;
const H = 300;

export interface Series {
  name: string;
  data: (number | null)[];
}

/** A chart as a PNG (twice the size it is shown at, for print). */
function pngOf(option: echarts.EChartsCoreOption): Buffer {
  if (!fontReady && FONT_FILE) GlobalFonts.registerFromPath(FONT_FILE, FONT);
  fontReady = true;
  const canvas = createCanvas(W * 2, H * 2);
  const chart = echarts.init(canvas as unknown as Parameters<typeof echarts.init>[0], null, { devicePixelRatio: 2, width: W, height: H });
  chart.setOption({ animation: false, backgroundColor: '#fff', textStyle: { fontFamily: FONT }, legend: { top: 4 }, grid: { top: 40, left: 48, right: 16, bottom: 56 }, ...option });
  const png = canvas.toBuffer('image/png');
  chart.dispose();
  return png;
}

/** Bars per category (e.g. target and result per indicator, or per district). */
export function barChart(categories: string[], series: Series[]): Buffer {
  return pngOf({
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, width: Math.max(40, W / Math.max(categories.length, 1) - 8), overflow: 'break', fontSize: 10 } },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, label: { show: true, position: 'top', fontSize: 9 } })),
  });
}

/** Lines over months. */
export function lineChart(months: string[], series: Series[]): Buffer {
  return pngOf({
    xAxis: { type: 'category', data: months, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ type: 'line', name: s.name, data: s.data, symbolSize: 4 })),
  });
}

/** A chart as a centred picture in the Word file. */
export function chartParagraph(png: Buffer, title: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new ImageRun({ type: 'png', data: png, transformation: { width: W, height: H }, altText: { name: title, title, description: title } })],
  });
}
