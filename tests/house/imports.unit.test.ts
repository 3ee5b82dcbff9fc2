/** The import graph of the server, the web and shared has no circle (scripts/import-graph.mjs prints one when it does). */
import { describe, expect, it } from 'vitest';
import { circles, importGraph } from '../../scripts/import-graph.mjs';

describe('the import graph', () => {
  it('has no circle', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(200);
    expect(circles(graph)).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(circles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
