/**
 * Waits until `condition` holds, checking every 20 ms; `timeout` bounds a
 * hang, it is not a speed requirement. The error names what was awaited.
 */
export async function until(condition: () => boolean | Promise<boolean>, timeout = 60_000, describe = (): string => 'condition'): Promise<void> {
  const deadline = Date.now() + timeout
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${describe()}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}
