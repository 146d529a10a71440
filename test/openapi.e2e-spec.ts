import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '@app/identity/authorization/decorators';
import { createTestEnvironment, destroyTestEnvironment, startApi, TestApi, TestEnvironment } from './support/test-app';

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean }[];
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** The web app (apps/api/src/web/serve-web.ts): its shell, its assets and the SPA fallback. */
const WEB_APP = [/^\/$/, /^\/\*$/, /^\/assets\//];
/** Served by Swagger UI, bull-board and the web app themselves: not part of the API the document describes. */
const UNDOCUMENTED = [/^\/api\/docs/, /^\/admin\/queues/, ...WEB_APP];

/** `:id` (Fastify/Nest) → `{id}` (OpenAPI). */
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * Every route Fastify serves, read from its routing tree (`printRoutes`), whoever registered it:
 * Nest controllers, plugins, or a route added on the instance directly.
 */
function servedRoutes(printed: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of printed.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    const path = (depth > 0 ? stack[depth - 1] : '') + match[2];
    stack[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) routes.push(`${method} ${path}`);
  }
  return routes;
}

/** Every route declared by a Nest controller, with whether it is `@Public()`. */
function controllerRoutes(api: TestApi): { route: string; isPublic: boolean }[] {
  const reflector = api.app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: { route: string; isPublic: boolean }[] = [];
  for (const module of api.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { prototype: Record<string, unknown> } & (new () => unknown);
      const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = controller.prototype[name] as () => unknown;
        const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (own === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const isPublic = !!reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]);
        for (const prefix of base) {
          for (const suffix of [own].flat()) {
            const path = `/${[prefix, suffix].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
            routes.push({ route: `${method} ${path}`, isPublic });
          }
        }
      }
    }
  }
  return routes;
}

describe('the OpenAPI document', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let doc: OpenApiDocument;
  let served: string[];
  let operations: { key: string; path: string; method: string; op: Operation }[];

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env);
    const res = await api.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
    served = servedRoutes(api.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false }));
    operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.includes(method))
        .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, method, op })),
    );
  });

  afterAll(async () => {
    await api?.close();
    await destroyTestEnvironment(env);
  });

  it('/api/docs-json is an OpenAPI 3 JSON document', async () => {
    const res = await api.http.get('/api/docs-json');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(operations.length).toBeGreaterThan(0);
  });

  it('the routing table was read completely (every controller route is among the served routes)', () => {
    // Guards the parsing of printRoutes: a format change would otherwise make the next test vacuous.
    expect(served).toEqual(expect.arrayContaining(['GET /health/live', 'GET /api/docs-json', 'POST /api/v1/users']));
    const fromControllers = controllerRoutes(api).map((r) => r.route);
    expect(fromControllers.length).toBeGreaterThan(5);
    expect(served).toEqual(expect.arrayContaining(fromControllers));
  });

  it('documents exactly the routes the app serves (health included, docs and queue dashboard excluded)', () => {
    const expected = [
      ...new Set(
        served
          .filter((route) => !route.startsWith('HEAD '))
          .filter((route) => !UNDOCUMENTED.some((pattern) => pattern.test(route.split(' ')[1])))
          .map((route) => {
            const [method, path] = route.split(' ');
            return `${method} ${toOpenApiPath(path)}`;
          }),
      ),
    ].sort();
    const documented = operations.map((o) => o.key).sort();
    expect(documented).toEqual(expected);
    expect(documented).toEqual(expect.arrayContaining(['GET /health/live', 'GET /health/ready']));
  });

  it('declares every path parameter of each templated path', () => {
    for (const { key, path, op } of operations) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => p.name)
        .sort();
      expect({ key, declared }).toEqual({ key, declared: names });
    }
  });

  it('gives every operation a unique operationId', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every operation but /health/live documents an error answered as application/problem+json', () => {
    const lacking = operations
      .filter(({ key }) => key !== 'GET /health/live')
      .filter(({ op }) => {
        const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
        return !errors.some(([, response]) => response.content?.['application/problem+json']);
      })
      .map((o) => o.key);
    expect(lacking).toEqual([]);
  });

  it('every documented error response is problem+json and only problem+json (what the error filter sends)', () => {
    const wrong: string[] = [];
    for (const { key, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const types = Object.keys(response.content ?? {});
        if (types.join() !== 'application/problem+json') wrong.push(`${key} ${status}: ${types.join(', ') || 'none'}`);
        const schema = response.content?.['application/problem+json']?.schema as { $ref?: string } | undefined;
        if (schema && schema.$ref !== '#/components/schemas/ProblemSchema') wrong.push(`${key} ${status}: schema`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the ProblemSchema component describes RFC 9457 problems with field errors', () => {
    const problem = doc.components?.schemas?.ProblemSchema;
    expect(problem).toBeDefined();
    expect(Object.keys(problem.properties ?? {})).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'errors']),
    );
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail']));
    const errors = problem.properties?.errors as { type: string; items: { $ref: string } };
    expect(errors.type).toBe('array');
    const item = doc.components.schemas[errors.items.$ref.replace('#/components/schemas/', '')];
    expect(item?.properties).toEqual(expect.objectContaining({ field: expect.anything(), message: expect.anything() }));
  });

  it('every $ref points at a component that exists', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    const missing = refs.filter((name) => !doc.components.schemas[name]);
    expect(missing).toEqual([]);
  });

  it('routes behind the bearer guard declare bearer security and a 401; public routes declare none', () => {
    const wrong: string[] = [];
    for (const { route, isPublic } of controllerRoutes(api)) {
      const [method, path] = route.split(' ');
      const op = doc.paths[toOpenApiPath(path)]?.[method.toLowerCase()];
      if (!op) continue; // missing operations are reported by the coverage test
      const secured = (op.security ?? []).some((requirement) => 'bearer' in requirement);
      if (isPublic && secured) wrong.push(`${route}: public but documented as needing a token`);
      if (!isPublic && !secured) wrong.push(`${route}: needs a token but documents no bearer security`);
      if (!isPublic && !op.responses['401']) wrong.push(`${route}: needs a token but documents no 401`);
    }
    expect(wrong).toEqual([]);
  });

  it('/api/docs serves the Swagger UI as HTML, without a token', async () => {
    const res = await api.http.get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/<html/i);
    expect(res.text).toMatch(/swagger-ui/i);
  });
});
