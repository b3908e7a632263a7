import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string'

export interface SharedState {
  example: string
  files: Record<string, string>
}

const KEY = 'code'

/** The files, compressed into the URL's hash, so a link reproduces them. */
export function encodeState(state: SharedState): string {
  return `#${KEY}=${compressToEncodedURIComponent(JSON.stringify(state))}`
}

export function decodeState(hash: string): SharedState | undefined {
  const match = new RegExp(`[#&]${KEY}=([^&]+)`).exec(hash)
  if (!match) return undefined
  try {
    const state = JSON.parse(decompressFromEncodedURIComponent(match[1]!) ?? '') as SharedState
    const valid = typeof state.example === 'string' && typeof state.files === 'object' && state.files !== null
      && Object.values(state.files).every(v => typeof v === 'string')
    return valid ? state : undefined
  } catch {
    return undefined
  }
}
