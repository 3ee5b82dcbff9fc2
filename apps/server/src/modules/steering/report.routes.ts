import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { acceptanceQuery, annualReportQuery } from '@shangmi/shared';
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
      const name = data.lang === 'en' ? `Annual report ${data.year}.docx` : `${data.year}年商业秘密保护创新试点工作总结.docx`;
      return sendDocx(reply, svc.annualReportDocx(data), name, `annual-report-${data.year}.docx`);
    },
  );
  r.get(
    '/api/steering/report.xlsx',
    { schema: { operationId: 'steering.reportXlsx', tags, summary: '年度工作总结数据表（Excel） The annual report’s tables as a workbook', querystring: annualReportQuery }, config: { access: 'steering:read' } },
    async (req, reply) => {
      const data = await svc.annualReportData(req.ctx(), req.query);
      const name = data.lang === 'en' ? `Annual report ${data.year} tables.xlsx` : `${data.year}年试点工作数据表.xlsx`;
      return sendWorkbook(reply, svc.annualReportWorkbook(data), name, `annual-report-${data.year}.xlsx`);
    },
  );
  r.get(
    '/api/steering/acceptance.docx',
    { schema: { operationId: 'steering.acceptanceDocx', tags, summary: '试点验收总结（Word，2025—2027年） The pilot acceptance summary as a Word file, from live data', querystring: acceptanceQuery }, config: { access: 'steering:read' } },
    async (req, reply) => {
      const data = await svc.acceptanceData(req.ctx(), req.query);
      return sendDocx(reply, svc.acceptanceDocx(data), data.lang === 'en' ? 'Pilot acceptance summary.docx' : '商业秘密保护创新试点验收总结.docx', 'pilot-acceptance.docx');
    },
  );
  r.get(
    '/api/steering/acceptance.xlsx',
    { schema: { operationId: 'steering.acceptanceXlsx', tags, summary: '试点验收总结数据表（Excel） The acceptance summary’s tables as a workbook', querystring: acceptanceQuery }, config: { access: 'steering:read' } },
    async (req, reply) => {
      const data = await svc.acceptanceData(req.ctx(), req.query);
      return sendWorkbook(reply, svc.acceptanceWorkbook(data), data.lang === 'en' ? 'Pilot acceptance tables.xlsx' : '试点验收数据表.xlsx', 'pilot-acceptance.xlsx');
    },
  );
}
