// #region protocol
/** 主进程发给子进程的请求，以及子进程的回复：两者都带着请求的 id。 */
export interface Request<P> {
  id: number
  payload: P
}

export type Reply<R> = { id: number; ok: true; result: R } | { id: number; ok: false; error: string }
// #endregion protocol
