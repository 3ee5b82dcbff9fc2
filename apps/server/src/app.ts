import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Deps } from './platform/context.js';
import { Sealer } from './platform/crypto.js';
import { registerHttpPlatform, sendNotFound } from './platform/http.js';
import { FileStore } from './platform/storage.js';
import { Jobs } from './platform/jobs.js';
import { assessmentsRoutes } from './modules/assessments/assessments.routes.js';
import { modelDocumentsRoutes } from './modules/model-documents/model-documents.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { casesRoutes } from './modules/cases/cases.routes.js';
import { cultivationRoutes } from './modules/cultivation/cultivation.routes.js';
import { dictsRoutes } from './modules/dicts/dicts.routes.js';
import { enterprisesRoutes } from './modules/enterprises/enterprises.routes.js';
import { enterpriseImportsRoutes } from './modules/enterprises/imports.routes.js';
import { filesRoutes } from './modules/files/files.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { logsRoutes } from './modules/logs/logs.routes.js';
import { orgsRoutes } from './modules/orgs/orgs.routes.js';
import { proofsRoutes } from './modules/proofs/proofs.routes.js';
import { homeRoutes } from './modules/home/home.routes.js';
import { register as registerInbox } from './modules/inbox/index.js';
import { register as registerProtection } from './modules/protection/protection.module.js';
import { regionsRoutes } from './modules/regions/regions.routes.js';
import { rolesRoutes } from './modules/roles/roles.routes.js';
import { sitesRoutes } from './modules/sites/sites.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';

export const VERSION = (JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string }).version;

/**
 * The key that seals sensitive fields. Several app nodes must share it (SHANGMI_SECRET_KEY); a single node
 * generates one into the data folder on first start (mode 0600).
 */
export function loadSecretKey(config: Config): Buffer {
  if (config.secretKeyHex) return Buffer.from(config.secretKeyHex, 'hex');
  const file = path.join(config.dataDir, 'secret.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
}

export interface BuildOptions {
  config: Config;
  database: Database;
  sealer?: Sealer;
  /** pino logger options; false silences (tests) */
  logger?: boolean | Record<string, unknown>;
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config, database } = opts;
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const deps: Deps = {
    config,
    database,
    sealer: opts.sealer ?? new Sealer(loadSecretKey(config)),
    files: new FileStore(config.dataDir),
    log: app.log,
    jobs: new Jobs(database, app.log),
  };
  app.addHook('onReady', async () => deps.jobs.start());
  app.addHook('onClose', async () => deps.jobs.stop());

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // antd writes its styles at run time
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        // hash-wasm (existence proofs hash files in the browser) compiles WebAssembly
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // HSTS only means something behind TLS; the proxy in front sets it there
    hsts: config.cookieSecure === 'true' ? { maxAge: 31536000 } : false,
    crossOriginEmbedderPolicy: false,
  });

  registerHttpPlatform(app, deps);

  await app.register(swagger, {
    openapi: {
      info: { title: '商秘通 Shangmi API', description: '商业秘密保护创新试点平台 · Trade-secret protection pilot platform', version: VERSION },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'shangmi_sid' } } },
    },
    // each operation states its access, so the document is also the permission map of the API
    transform: (arg) => {
      const out = jsonSchemaTransform(arg);
      const access = (arg.route.config as { access?: string } | undefined)?.access;
      if (access) {
        const schema = out.schema as Record<string, unknown>;
        schema['x-access'] = access;
        schema.description = [schema.description, `权限 Access: \`${access}\``].filter(Boolean).join('\n\n');
      }
      return out;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());

  healthRoutes(app, deps, VERSION);
  authRoutes(app, deps);
  regionsRoutes(app);
  orgsRoutes(app);
  usersRoutes(app);
  rolesRoutes(app);
  logsRoutes(app);
  dictsRoutes(app);
  filesRoutes(app);
  enterprisesRoutes(app);
  cultivationRoutes(app);
  enterpriseImportsRoutes(app);
  sitesRoutes(app);
  assessmentsRoutes(app);
  proofsRoutes(app, deps);
  casesRoutes(app, deps);
  modelDocumentsRoutes(app);
  homeRoutes(app);
  registerInbox(app, deps);
  registerProtection(app, deps);

  const hasWeb = fs.existsSync(path.join(config.webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: config.webDir, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    // the web app routes in the browser: any other GET that is not the API gets its shell
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return sendNotFound(req, reply);
  });

  return app;
}
