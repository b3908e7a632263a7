export interface WorkspaceOptions {
  /** TypeScript sources by file name, compiled as the playground compiles them. */
  sources?: Record<string, string>
  /** Files written as they are, by name. */
  files?: Record<string, string>
  /** The liteyuki-comm package folder, linked as node_modules/liteyuki-comm. */
  packageDir?: string
}

export declare const examplesDir: string
export declare function exampleNames(): string[]
export declare function readSources(dir: string): Record<string, string>
export declare function writeWorkspace(dir: string, options: WorkspaceOptions): void
export declare function createWorkspace(options: WorkspaceOptions & { prefix?: string }): { dir: string; remove(): void }
