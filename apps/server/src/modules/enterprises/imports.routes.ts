import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS, importJob, importJobList, importParams, importStart, pick } from '@shangmi/shared';
import { sendImportErrors, sendWorkbook } from '../../platform/export.js';
import { sendProgress } from '../../platform/http.js';
import { dictLabels } from '../dicts/dicts.service.js';
import { listRegions } from '../regions/regions.service.js';
import * as svc from './imports.service.js';

export function enterpriseImportsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['enterprises'];

  r.get(
    '/api/enterprises/import-template',
    { schema: { operationId: 'enterprises.importTemplate', tags, summary: '下载企业导入模板 Download the import template (xlsx)' }, config: { access: 'enterprises:import' } },
    async (req, reply) => {
      const ctx = req.ctx();
      const en = req.locale === 'en-US';
      const [labels, regions] = await Promise.all([dictLabels(ctx, ['enterprise_size', 'enterprise_kind']), listRegions(ctx)]);
      const region = regions.find((rg) => rg.code === ctx.actor?.regionCode) ?? regions[0];
      const wb = new ExcelJS.Workbook();
      wb.creator = 'Shangmi 商秘通';
      const ws = wb.addWorksheet(en ? 'Enterprises' : '企业名录', { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = IMPORT_COLUMNS.map((c) => ({ header: en ? c.en : c.zh, key: c.key, width: c.width, style: { numFmt: '@' } }));
      const head = ws.getRow(1);
      head.font = { bold: true };
      IMPORT_COLUMNS.forEach((c, i) => {
        const cell = head.getCell(i + 1);
        if ('required' in c && c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
        if ('hintZh' in c) cell.note = en ? c.hintEn : c.hintZh;
      });
      const sizes = [...(labels.get('enterprise_size')?.values() ?? [])].map((l) => pick(l, req.locale));
      const kinds = [...(labels.get('enterprise_kind')?.values() ?? [])].map((l) => pick(l, req.locale));
      const districts = region?.districts.map((d) => (en ? (d.nameEn ?? d.name) : d.name)) ?? [];
      const parks = region?.parks.map((p) => (en ? (p.nameEn ?? p.name) : p.name)) ?? [];
      // a drop-down where the values are few; the lists sit on the instructions sheet
      const help = wb.addWorksheet(en ? 'Instructions' : '填写说明');
      help.columns = [{ width: 18 }, { width: 90 }];
      help.addRow([en ? 'Instructions' : '填写说明']).font = { bold: true, size: 14 };
      const lines: [string, string][] = [
        [en ? 'Rows' : '行', en ? 'One enterprise per row, from row 2 of the first sheet. Blank rows are skipped.' : '第一个工作表从第 2 行起每行一家企业，空行会被跳过。'],
        [en ? 'Required' : '必填', en ? 'Name and credit code (18 characters, checked with GB 32100).' : '企业名称、统一社会信用代码（18 位，按 GB 32100 校验）。'],
        [en ? 'District' : '所属区县', en ? 'Blank: taken from the credit code, else your own district.' : '不填时按信用代码中的行政区划推断，否则为您所在区县。'],
        [en ? 'Industry' : '所属行业', en ? 'A GB/T 4754-2017 code (e.g. C39) or its name.' : '国民经济行业分类（GB/T 4754-2017）代码（如 C39）或名称。'],
        [en ? 'Kinds' : '企业类型', en ? 'Several allowed, separated by commas.' : '可填多个，用顿号“、”分隔。'],
        [en ? 'Update' : '更新', en ? 'To update registered enterprises, import with “update registered enterprises”: filled cells overwrite, blank cells keep the current value.' : '如需更新已登记的企业，导入时选择“更新已登记的企业”：填写的单元格覆盖原值，空白单元格保留原值。'],
        [en ? 'Districts' : '可选区县', districts.join(en ? ', ' : '、')],
        [en ? 'Parks' : '可选园区', parks.join(en ? ', ' : '、')],
        [en ? 'Sizes' : '企业规模', sizes.join(en ? ', ' : '、')],
        [en ? 'Kinds' : '企业类型', kinds.join(en ? ', ' : '、')],
      ];
      for (const l of lines) help.addRow(l).alignment = { wrapText: true, vertical: 'top' };
      const col = (k: string) => IMPORT_COLUMNS.findIndex((c) => c.key === k) + 1;
      const list = (values: string[]) => `"${values.join(',')}"`;
      for (let row = 2; row <= 1001; row++) {
        if (districts.length && list(districts).length < 255) {
          ws.getCell(row, col('district')).dataValidation = { type: 'list', allowBlank: true, formulae: [list(districts)] };
        }
        if (sizes.length && list(sizes).length < 255) ws.getCell(row, col('size')).dataValidation = { type: 'list', allowBlank: true, formulae: [list(sizes)] };
      }
      return sendWorkbook(reply, wb, en ? 'enterprise-import-template.xlsx' : '企业导入模板.xlsx');
    },
  );

  r.get(
    '/api/enterprises/imports',
    { schema: { operationId: 'enterprises.listImports', tags, summary: '我的导入记录 My recent imports', response: { 200: importJobList } }, config: { access: 'enterprises:import' } },
    (req) => svc.listImports(req.ctx()),
  );

  r.post(
    '/api/enterprises/imports',
    {
      schema: {
        operationId: 'enterprises.checkImport',
        tags,
        summary: '校验导入文件 Check an uploaded file (nothing is written to the registry); answers NDJSON progress lines, then the job',
        body: importStart,
      },
      config: { access: 'enterprises:import', action: 'enterprises.import-check' },
    },
    (req, reply) => sendProgress(req, reply, (progress) => svc.startImport(req, req.body, progress)),
  );

  r.get(
    '/api/enterprises/imports/:id',
    { schema: { operationId: 'enterprises.getImport', tags, summary: '导入记录 An import job', params: importParams, response: { 200: importJob } }, config: { access: 'enterprises:import' } },
    (req) => svc.getImport(req.ctx(), req.params.id),
  );

  r.get(
    '/api/enterprises/imports/:id/errors',
    { schema: { operationId: 'enterprises.importErrors', tags, summary: '下载错误行 The rows with errors, as a workbook to fix and import again', params: importParams }, config: { access: 'enterprises:import' } },
    async (req, reply) => {
      const { fileName, rows } = await svc.importErrors(req.ctx(), req.params.id);
      return sendImportErrors(reply, { locale: req.locale, fileName, columns: IMPORT_COLUMNS, rows });
    },
  );

  r.post(
    '/api/enterprises/imports/:id/commit',
    {
      schema: { operationId: 'enterprises.commitImport', tags, summary: '执行导入 Import the valid rows in one transaction; answers NDJSON progress lines, then the job', params: importParams },
      config: { access: 'enterprises:import', action: 'enterprises.import' },
    },
    (req, reply) => sendProgress(req, reply, (progress) => svc.commitImport(req, req.params.id, progress)),
  );
}
