// #region protocol
/** What main asks a child, and what the child answers: both carry the request's id. */
export interface Request<P> {
  id: number
  payload: P
}

export type Reply<R> = { id: number; ok: true; result: R } | { id: number; ok: false; error: string }
// #endregion protocol
