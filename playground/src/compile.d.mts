export declare function compile(name: string, source: string): string
export declare function compileFiles(sources: Record<string, string>): Record<string, string>
