// Stops what the global setup started for this run only (containers). The local stack stays up:
// starting it takes seconds, and `npm run stack -- down` (or .ci/run) stops it.
export default async function globalTeardown(): Promise<void> {
  const teardown = (globalThis as { __callrecordsTeardown?: () => Promise<void> })
    .__callrecordsTeardown;
  if (teardown) {
    await teardown();
  }
}
