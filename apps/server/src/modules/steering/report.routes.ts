import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { annualReportQuery } from '@shangmi/shared';
import { sendDocx } from '../../platform/docx.js';
import { sendWorkbook } from '../../platform/export.js';
import * as svc from './steering.service.js';

const tags = ['steering'];

export function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/steering/report.docx',
    { schema: { operationId: 'steering.reportDocx', tags, summary: '年度工作总结（Word） The annual report as a Word file, from live data', querystring: annualReportQuery }, config: { access: 'steering:read' } },
    async (req, reply) => {
      const data = await svc.annualReportData(req.ctx(), req.query);
      return sendDocx(reply, svc.annualReportDocx(data), `${data.year}年商业秘密保护创新试点工作总结.docx`, `annual-report-${data.year}.docx`);
    },
  );
  r.get(
    '/api/steering/report.xlsx',
    { schema: { operationId: 'steering.reportXlsx', tags, summary: '年度工作总结数据表（Excel） The annual report’s tables as a workbook', querystring: annualReportQuery }, config: { access: 'steering:read' } },
    async (req, reply) => {
      const data = await svc.annualReportData(req.ctx(), req.query);
      return sendWorkbook(reply, svc.annualReportWorkbook(data), `${data.year}年试点工作数据表.xlsx`, `annual-report-${data.year}.xlsx`);
    },
  );
}
