import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { createJsonSchemaTransform, createJsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { VERSION, type Config } from './config.js';
import type { Database } from './db/client.js';
import { actorCache } from './platform/actor-cache.js';
import type { Deps } from './platform/context.js';
import { contractRegistry, pruneComponents } from './platform/contract.js';
import { Sealer } from './platform/crypto.js';
import { FairQueue } from './platform/hash-queue.js';
import { registerHttpPlatform, sendNotFound } from './platform/http.js';
import { logStream, requestLog } from './platform/log-format.js';
import { Hooks } from './platform/hooks.js';
import { Jobs } from './platform/jobs.js';
import { FileStore } from './platform/storage.js';
import * as assessments from './modules/assessments/assessments.module.js';
import * as auth from './modules/auth/auth.module.js';
import * as cases from './modules/cases/cases.module.js';
import * as cultivation from './modules/cultivation/cultivation.module.js';
import * as dicts from './modules/dicts/dicts.module.js';
import * as enterprises from './modules/enterprises/enterprises.module.js';
import * as files from './modules/files/files.module.js';
import * as health from './modules/health/health.module.js';
import * as home from './modules/home/home.module.js';
import * as inbox from './modules/inbox/inbox.module.js';
import * as logs from './modules/logs/logs.module.js';
import * as modelDocuments from './modules/model-documents/model-documents.module.js';
import * as orgs from './modules/orgs/orgs.module.js';
import * as proofs from './modules/proofs/proofs.module.js';
import * as protection from './modules/protection/protection.module.js';
import * as regions from './modules/regions/regions.module.js';
import * as roles from './modules/roles/roles.module.js';
import * as sites from './modules/sites/sites.module.js';
import * as users from './modules/users/users.module.js';
import * as credit from './modules/credit/credit.module.js';
import * as listening from './modules/listening/listening.module.js';
import * as outreach from './modules/outreach/outreach.module.js';
import * as services from './modules/services/services.module.js';
import * as steering from './modules/steering/steering.module.js';
import * as taskforce from './modules/taskforce/taskforce.module.js';
import * as funding from './modules/funding/funding.module.js';
import * as appraisal from './modules/appraisal/appraisal.module.js';

/**
 * Every module, in one place. Each mounts its routes, adds its hook handlers and its jobs in `register(app, deps)`
 * (docs/architecture.md § Modules); handlers of one hook run in this order. Health (its route heads the API
 * document), then the foundations, then the modules that build on them.
 */
const MODULES: { register(app: FastifyInstance, deps: Deps): void }[] = [
  health,
  auth,
  regions,
  orgs,
  users,
  roles,
  logs,
  dicts,
  files,
  enterprises,
  cultivation,
  sites,
  assessments,
  proofs,
  protection,
  cases,
  modelDocuments,
  home,
  inbox,
  credit,
  listening,
  outreach,
  services,
  steering,
  taskforce,
  funding,
  appraisal,
];

export { VERSION };

declare module 'fastify' {
  interface FastifyInstance {
    /** what the modules were given (tests and the demo reach the jobs and services' dependencies through it) */
    deps: Deps;
  }
}

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
    logger: opts.logger ?? { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'], stream: logStream(config.logFormat) },
    // one line per API request of our own (platform/log-format.ts), none per static file
    logController: new LogController({ disableRequestLogging: true }),
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
    passwordQueue: new FairQueue(config.hashQueue),
    log: app.log,
    jobs: new Jobs(database, app.log),
    hooks: new Hooks(),
  };
  app.decorate('deps', deps);

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
  requestLog(app);

  const schemaRegistry = contractRegistry();
  const jsonSchemaTransform = createJsonSchemaTransform({ schemaRegistry });
  const components = createJsonSchemaTransformObject({ schemaRegistry });
  await app.register(swagger, {
    openapi: {
      info: { title: '商秘通 Shangmi API', description: '商业秘密保护创新试点平台 · Trade-secret protection pilot platform', version: VERSION },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'shangmi_sid' }, creditToken: { type: 'http', scheme: 'bearer' } } },
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
    transformObject: (doc) => pruneComponents(components(doc)),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());

  for (const m of MODULES) m.register(app, deps);
  app.addHook('onReady', async () => deps.jobs.start());
  // sessions' actors cached on this node, forgotten on the database's word (platform/actor-cache.ts)
  const actors = actorCache(deps.database);
  app.addHook('onReady', async () => actors.start((e) => app.log.warn({ err: e }, 'session cache: not listening (lookups go to the database)')));
  app.addHook('onClose', async () => actors.close());
  // a run in progress finishes before the database is closed (after app.close(), by main.ts or the caller)
  app.addHook('onClose', async () => deps.jobs.stop());

  const hasWeb = fs.existsSync(path.join(config.webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: config.webDir,
      wildcard: false,
      index: ['index.html'],
      // the build wrote .br and .gz beside each asset (apps/web/vite.config.ts): sent as they are to browsers that take them
      preCompressed: true,
      // hashed file names never change content: cached for a year; anything else (index.html, favicon) is asked again each time
      setHeaders: (res, filePath) => {
        res.header('cache-control', /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    // the web app routes in the browser: any other GET that is not the API gets its shell
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return sendNotFound(req, reply);
  });

  return app;
}
