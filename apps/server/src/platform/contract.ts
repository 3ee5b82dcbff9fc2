import { z } from 'zod';
import * as shared from '@shangmi/shared';
import * as home from '@shangmi/shared/home';

/**
 * The OpenAPI document's components: every object schema that packages/shared exports (the one typed contract), by
 * its export name in PascalCase (`siteDetail` → `SiteDetail`). A route's body or response, or a part of one, that is
 * such a schema appears as a `$ref` to it, so the document names the same shapes the web imports and says each once.
 * Query and path schemas stay inline: OpenAPI lists their fields as parameters.
 */
export function contractRegistry(): z.core.$ZodRegistry<{ id: string }> {
  const registry = z.registry<{ id: string }>();
  const modules: Record<string, unknown>[] = [shared, home];
  for (const mod of modules) {
    for (const [name, value] of Object.entries(mod).sort(([a], [b]) => a.localeCompare(b))) {
      if (!(value instanceof z.ZodObject) || /(Query|Params)$/.test(name) || registry.has(value)) continue;
      registry.add(value, { id: name[0].toUpperCase() + name.slice(1) });
    }
  }
  return registry;
}

type Doc = { paths?: unknown; components?: { schemas?: Record<string, unknown> } };

/**
 * Drops the components no operation refers to, directly or through another component: the registry holds every shared
 * object schema, in its input and its output form, and most are only one of the two, or a part of a bigger one.
 */
export function pruneComponents<T>(document: T): T {
  const doc = document as Doc;
  const schemas = doc.components?.schemas;
  if (!schemas) return document;
  const refs = (value: unknown) => [...JSON.stringify(value).matchAll(/#\/components\/schemas\/([\w-]+)/g)].map((m) => m[1]);
  const keep = new Set<string>();
  const todo = refs(doc.paths);
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (keep.has(name)) continue;
    keep.add(name);
    todo.push(...refs(schemas[name]));
  }
  doc.components!.schemas = Object.fromEntries(Object.entries(schemas).filter(([name]) => keep.has(name)));
  return document;
}
