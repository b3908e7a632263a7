import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string'

export interface SharedState {
  example: string
  files: Record<string, string>
}

const KEY = 'code'
/** What a shared link may carry: TypeScript files side by side, main.ts among them. */
const FILE_NAME = /^[\w-]+\.ts$/

/** The files, compressed into the URL's hash, so a link reproduces them. */
export function encodeState(state: SharedState): string {
  return `#${KEY}=${compressToEncodedURIComponent(JSON.stringify(state))}`
}

export function decodeState(hash: string): SharedState | undefined {
  const match = new RegExp(`[#&]${KEY}=([^&]+)`).exec(hash)
  if (!match) return undefined
  try {
    const state = JSON.parse(decompressFromEncodedURIComponent(match[1]!) ?? '') as SharedState
    const valid =
      typeof state.example === 'string' &&
      typeof state.files === 'object' &&
      state.files !== null &&
      'main.ts' in state.files &&
      Object.entries(state.files).every(([name, source]) => FILE_NAME.test(name) && typeof source === 'string')
    return valid ? { example: state.example, files: state.files } : undefined
  } catch {
    return undefined
  }
}
