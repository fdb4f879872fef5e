module.exports = async function globalTeardown() {
  await globalThis.__CUSTOMER_IDENTITY_PG__?.stop()
}
