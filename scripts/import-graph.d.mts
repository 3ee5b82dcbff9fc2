// Types of scripts/import-graph.mjs for the house tests.
export const ROOT: string;
export const SOURCE_DIRS: string[];
export function specifiers(text: string): string[];
export function importGraph(dirs?: string[]): Map<string, string[]>;
export function circles(graph: Map<string, string[]>): string[][];
