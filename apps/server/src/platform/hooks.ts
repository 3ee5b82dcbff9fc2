/**
 * Extension points between modules, per app. A module that lets others take part in its work names a hook here by
 * declaration merging, beside the code that calls it:
 *
 *   declare module '../../platform/hooks.js' {
 *     interface HookMap { 'orgs.subtreeMoved': (ctx: Ctx, move: { oldPrefix: string; newPrefix: string }) => Promise<void> }
 *   }
 *
 * and calls `ctx.deps.hooks.all('orgs.subtreeMoved')` where the event happens; the modules that take part add their
 * handlers in their own `register(app, deps)` with `deps.hooks.on(…)`. So a lower module (orgs) never imports or reads
 * the tables of the modules above it (enterprises, sites …), and nothing is registered by importing a file. Handlers
 * run in the order the modules are listed in app.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules (declaration merging)
export interface HookMap {}

export type HookName = keyof HookMap;

export class Hooks {
  private readonly handlers = new Map<HookName, unknown[]>();

  on<K extends HookName>(name: K, handler: HookMap[K]): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler);
    this.handlers.set(name, list);
  }

  /** The handlers of a hook, in the order they were added. */
  all<K extends HookName>(name: K): readonly HookMap[K][] {
    return (this.handlers.get(name) ?? []) as HookMap[K][];
  }
}
